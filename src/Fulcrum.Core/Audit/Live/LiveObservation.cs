using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Audit.Live;

/// <summary>
/// What the live audit adds to a config: the distribution monitor's snapshots of the serving clusters, the config in
/// the file on disk (to catch drift), and the observed shares of the previous audit (to catch shares that moved).
/// </summary>
/// <param name="Clusters">The monitor's snapshots, taken when the audit runs.</param>
public sealed record LiveObservation(IReadOnlyList<ClusterSnapshot> Clusters)
{
    /// <summary>The config in the file the serving one came from; null when there is no file to compare with.</summary>
    public FulcrumConfig? OnDisk { get; init; }

    /// <summary>Why the file on disk could not be read or validated (then <see cref="OnDisk"/> is null).</summary>
    public string? OnDiskError { get; init; }

    /// <summary>The observed shares at the previous audit; null at the first one.</summary>
    public ObservedShares? Previous { get; init; }

    public ClusterSnapshot? Find(string cluster) =>
        Clusters.FirstOrDefault(c => string.Equals(c.Name, cluster, StringComparison.Ordinal));
}
