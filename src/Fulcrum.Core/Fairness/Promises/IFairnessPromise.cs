namespace Fulcrum.Core.Fairness;

/// <summary>
/// What "fair" means for one family of balancing policies, stated so the monitor can check it. One instance per
/// family, chosen by <see cref="FairnessPromises.For(Config.PolicyKind, double?)"/> — the only place that maps a
/// policy to its promise. The verdict, the <c>imbalance</c> alert, the dashboard's "expected" column, Jain's index
/// and /metrics all read the same <see cref="PromiseReading"/>, so they cannot tell different stories.
/// The overload signal (a destination at or above its fair share in distress) is not part of a promise: the judge
/// applies it to every policy before the promise is read.
/// </summary>
public interface IFairnessPromise
{
    /// <summary>The promise in a few words, e.g. "shares follow the weights".</summary>
    string Statement { get; }

    /// <summary>
    /// The per-destination quantity the promise is about — the values of <see cref="PromiseReading.Promised"/> and
    /// what Jain's index is computed on, e.g. "share / expected share" or "in-flight per unit weight".
    /// </summary>
    string Quantity { get; }

    /// <summary>Reads one window against the promise. Pure: the same input always gives the same reading.</summary>
    PromiseReading Read(PromiseInput input);
}
