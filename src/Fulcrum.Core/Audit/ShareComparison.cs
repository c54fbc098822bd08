namespace Fulcrum.Core.Audit;

/// <summary>
/// How predicted shares move from an old config to a new one (<c>fulcrum audit --against OLD</c>), per cluster
/// and destination, including clusters and destinations that were added or removed.
/// </summary>
public sealed record ShareComparison(string OldFile, string NewFile, IReadOnlyList<ClusterShareChange> Clusters)
{
    /// <summary>Only what moved (added, removed, or a share that changed).</summary>
    public IEnumerable<ClusterShareChange> Changed => Clusters.Where(c => c.Kind != ShareChangeKind.Unchanged);
}

public enum ShareChangeKind { Unchanged, Changed, Added, Removed }

public sealed record ClusterShareChange(string Cluster, ShareChangeKind Kind, IReadOnlyList<DestinationShareChange> Destinations)
{
    public override string ToString() =>
        $"{Cluster}{(Kind is ShareChangeKind.Added or ShareChangeKind.Removed ? $" ({ShareChanges.Name(Kind)})" : "")}: " +
        string.Join(", ", Destinations);
}

/// <summary>One destination's predicted share before and after; null where it does not exist.</summary>
public sealed record DestinationShareChange(string Destination, double? OldShare, double? NewShare)
{
    /// <summary>Moves smaller than half a percentage point are simulation noise, not change.</summary>
    public const double Threshold = 0.005;

    public ShareChangeKind Kind => (OldShare, NewShare) switch
    {
        (null, _) => ShareChangeKind.Added,
        (_, null) => ShareChangeKind.Removed,
        var (o, n) => Math.Abs(o.Value - n!.Value) < Threshold ? ShareChangeKind.Unchanged : ShareChangeKind.Changed,
    };

    /// <summary>"b: 33 % → 62 %", "c: added, 25 %", "d: removed, was 25 %".</summary>
    public override string ToString() => Kind switch
    {
        ShareChangeKind.Added => $"{Destination}: added, {Format.Percent(NewShare!.Value)}",
        ShareChangeKind.Removed => $"{Destination}: removed, was {Format.Percent(OldShare!.Value)}",
        _ => $"{Destination}: {Format.Percent(OldShare!.Value)} → {Format.Percent(NewShare!.Value)}",
    };
}

public static class ShareChanges
{
    public static string Name(ShareChangeKind kind) => kind switch
    {
        ShareChangeKind.Unchanged => "unchanged",
        ShareChangeKind.Changed => "changed",
        ShareChangeKind.Added => "added",
        ShareChangeKind.Removed => "removed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
