namespace Fulcrum.Core.Audit;

/// <summary>Builds a <see cref="ShareComparison"/> from the predictions of two audited configs.</summary>
internal static class ShareComparer
{
    public static ShareComparison Compare(AuditContext old, AuditContext current)
    {
        var clusters = new List<ClusterShareChange>();
        foreach (var cluster in current.Config.Clusters)
        {
            var before = old.Config.FindCluster(cluster.Name);
            var newShares = Shares(current.Predict(cluster));
            var oldShares = before is null ? [] : Shares(old.Predict(before));
            clusters.Add(Cluster(cluster.Name, before is null ? ShareChangeKind.Added : null, oldShares, newShares));
        }
        foreach (var removed in old.Config.Clusters.Where(c => current.Config.FindCluster(c.Name) is null))
        {
            clusters.Add(Cluster(removed.Name, ShareChangeKind.Removed, Shares(old.Predict(removed)), []));
        }
        return new ShareComparison(old.Config.Source.File, current.Config.Source.File, clusters);
    }

    private static ClusterShareChange Cluster(
        string name,
        ShareChangeKind? fixedKind,
        IReadOnlyList<(string Name, double Share)> oldShares,
        IReadOnlyList<(string Name, double Share)> newShares)
    {
        // New destinations in their new order, then the ones that disappeared in their old order.
        var names = newShares.Select(s => s.Name).Concat(oldShares.Select(s => s.Name)).Distinct(StringComparer.Ordinal);
        var destinations = names
            .Select(n => new DestinationShareChange(n, Lookup(oldShares, n), Lookup(newShares, n)))
            .ToList();
        var kind = fixedKind
            ?? (destinations.All(d => d.Kind == ShareChangeKind.Unchanged) ? ShareChangeKind.Unchanged : ShareChangeKind.Changed);
        return new ClusterShareChange(name, kind, destinations);
    }

    private static List<(string Name, double Share)> Shares(SharePrediction prediction) =>
        prediction.Destinations.Select(d => (d.Name, d.Share)).ToList();

    private static double? Lookup(IReadOnlyList<(string Name, double Share)> shares, string name)
    {
        foreach (var (n, share) in shares)
        {
            if (n == name)
            {
                return share;
            }
        }
        return null;
    }
}
