namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL001: two destinations of one cluster with the same address (as written, or spelled differently only in
/// ways URI rules make identical). The backend silently gets both shares.
/// </summary>
internal sealed class Ful001DuplicateDestinationAddress : AuditRule
{
    public override string Id => "FUL001";
    public override string Name => "DuplicateDestinationAddress";
    public override AuditSeverity Severity => AuditSeverity.Error;
    public override string Title => "Two destinations of a cluster have the same address";
    public override string Description =>
        "A backend listed twice in one cluster receives both destinations' shares: twice (or more) the traffic " +
        "its peers get, with nothing in the config saying so. Addresses that differ only in letter case, an " +
        "explicit default port or a trailing slash are the same address. Remove the duplicate, or raise the " +
        "weight of the one entry if the backend really should get more.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            var total = IntendedShares.TotalWeight(cluster);
            foreach (var group in cluster.Destinations.GroupBy(d => EndpointIdentity.Canonical(d.Address)).Where(g => g.Count() > 1))
            {
                var first = group.First();
                var combined = group.Sum(d => (long)d.Weight);
                var share = total == 0 ? "" : $": that backend gets {Percent((double)combined / total)} of the cluster's traffic";
                foreach (var duplicate in group.Skip(1))
                {
                    var spelling = duplicate.Address.OriginalString == first.Address.OriginalString
                        ? $"({duplicate.Address.OriginalString})"
                        : $"({duplicate.Address.OriginalString} is {first.Address.OriginalString})";
                    yield return Finding(
                        context,
                        SettingKeys.Destination(cluster.Name, duplicate.Name, "address"),
                        $"destination '{duplicate.Name}' of cluster '{cluster.Name}' has the same address as '{first.Name}' {spelling}{share}",
                        cluster.Name,
                        duplicate.Name);
                }
            }
        }
    }
}
