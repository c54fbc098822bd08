using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL020: with the cluster offered 70 % of its total declared capacity, the real picker (in the simulator, all
/// destinations healthy and warm) sends some destination more than its own declared capacity. The cluster as a
/// whole is far from full, yet that destination is overloaded: certain bias, certain trouble.
/// </summary>
internal sealed class Ful020SimulatedLoadPastCapacity : SimulatedClusterRule
{
    public override string Id => "FUL020";
    public override string Name => "SimulatedLoadPastCapacity";
    public override AuditSeverity Severity => AuditSeverity.Error;
    public override string Title => "Simulated at 70 % of the cluster's capacity, a destination runs past its own";
    public override string Description =>
        "The audit offers each cluster 70 % of its total declared capacity and runs its own picker — the code the " +
        "proxy runs — over that uniform traffic, every destination healthy and warm. A destination predicted past " +
        "its declared capacity there is overloaded while the cluster as a whole has 30 % to spare: its latency and " +
        "errors climb while its peers idle. Make the weights proportional to the capacities.";

    protected override IEnumerable<AuditFinding> CheckCluster(AuditContext context, ClusterConfig cluster, SharePrediction prediction)
    {
        if (prediction.OfferedRate is not { } offeredRate)
        {
            yield break; // some destination declares no capacity (FUL019): the total is unknown
        }
        for (var i = 0; i < cluster.Destinations.Count; i++)
        {
            var destination = cluster.Destinations[i];
            if (destination.Capacity is not { } capacity || prediction.Find(destination.Name, i) is not { Rate: { } rate } predicted || rate <= capacity)
            {
                continue;
            }
            yield return Finding(
                context,
                SettingKeys.Destination(cluster.Name, destination.Name, "capacity"),
                $"destination '{destination.Name}' of cluster '{cluster.Name}' predicted at {Format.Number(rate)} req/s against " +
                $"capacity {Format.Number(capacity)} when the cluster gets {Percent(OfferedLoad.FractionOfCapacity)} of its declared " +
                $"capacity ({Format.Number(offeredRate)} req/s): its share is {Percent(predicted.Share)}, {Picker(cluster, prediction)}",
                cluster.Name,
                destination.Name);
        }
    }
}
