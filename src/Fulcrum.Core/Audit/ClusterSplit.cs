using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Audit;

/// <summary>
/// How one cluster's traffic is predicted to split, next to what its weights ask for: the table the audit's text
/// output prints for every cluster. <see cref="SplitRow.PredictedShare"/> is null when the simulation failed
/// (the rule that needed it reports why).
/// </summary>
public sealed record ClusterSplit(string Cluster, string Policy, IReadOnlyList<SplitRow> Destinations)
{
    /// <summary>The split of every cluster of <paramref name="context"/>'s config, in file order.</summary>
    public static IReadOnlyList<ClusterSplit> Of(AuditContext context) =>
        context.Config.Clusters.Select(cluster => Of(context, cluster)).ToArray();

    private static ClusterSplit Of(AuditContext context, ClusterConfig cluster)
    {
        var prediction = Predicted(context, cluster);
        // The intended shares once for the cluster and predictions by index: per destination, both were O(n)
        // (and an array each), which made every report of a 1,000-destination cluster O(n²).
        var intended = ExpectedShares.Of(cluster.Destinations);
        var rows = cluster.Destinations.Select((d, i) => new SplitRow(
            d.Name,
            d.Weight,
            intended[i],
            cluster.Destinations.Count == 1 ? (d.Weight > 0 ? 1 : 0) : prediction?.Find(d.Name, i)?.Share));
        return new ClusterSplit(cluster.Name, cluster.PolicyName, rows.ToArray());
    }

    private static SharePrediction? Predicted(AuditContext context, ClusterConfig cluster)
    {
        if (cluster.Destinations.Count < 2)
        {
            return null;
        }
        try
        {
            return context.Predict(cluster);
        }
        catch (Exception)
        {
            // Deliberately swallowed: the simulation rules report a failed prediction as their finding.
            return null;
        }
    }
}

/// <summary>One destination's row of a <see cref="ClusterSplit"/>: its weight, its weight share and its predicted share (0..1).</summary>
public sealed record SplitRow(string Destination, int Weight, double WeightShare, double? PredictedShare);
