namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL019: capacity declared for some destinations of a cluster but not all. Fair shares and the load check
/// need every capacity; with some missing, the audit cannot tell whether the undeclared ones are overloaded.
/// </summary>
internal sealed class Ful019PartialCapacity : AuditRule
{
    public override string Id => "FUL019";
    public override string Name => "CapacityDeclaredForSomeDestinations";
    public override AuditSeverity Severity => AuditSeverity.Info;
    public override string Title => "Capacity declared for some destinations of a cluster but not all";
    public override string Description =>
        "Capacities make the fair share of each destination its capacity share, and let the audit predict whether " +
        "a destination will run past what it can take (FUL020). When only some destinations declare one, the " +
        "cluster's total capacity is unknown and those checks are skipped. Declare a capacity for every " +
        "destination that takes traffic, or for none.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            var weighted = IntendedShares.Weighted(cluster);
            var declared = weighted.Where(d => d.Capacity is not null).Select(d => d.Name).ToList();
            var missing = weighted.Where(d => d.Capacity is null).ToList();
            if (declared.Count == 0 || missing.Count == 0)
            {
                continue;
            }
            yield return Finding(
                context,
                SettingKeys.Destination(cluster.Name, missing[0].Name),
                $"cluster '{cluster.Name}' declares capacity for {string.Join(", ", declared)} but not for " +
                $"{string.Join(", ", missing.Select(d => d.Name))}: the load check against capacity is skipped",
                cluster.Name,
                missing[0].Name);
        }
    }
}
