namespace Fulcrum.Core.Balancing;

/// <summary>
/// A balancing algorithm: plain C#, no ASP.NET types, driven by the live proxy and by the simulator alike.
/// <see cref="Update"/> is called off the hot path whenever the eligible set changes (health, ejection,
/// weight change, reload) and may precompute; <see cref="Pick"/> is the hot path: thread-safe, no allocation.
/// </summary>
public interface IPicker
{
    /// <summary>Replaces the set of destinations to choose from (config order, never empty).</summary>
    void Update(IReadOnlyList<Backend> eligible);

    /// <summary>Chooses one of the destinations last given to <see cref="Update"/>.</summary>
    Backend Pick(in PickContext context);
}
