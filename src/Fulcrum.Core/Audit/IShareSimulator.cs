using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit;

/// <summary>
/// Predicts how a cluster's real picker spreads uniform traffic over its destinations (all healthy and warm),
/// and, given an offered rate, the request rate each destination would see. The audit's simulation rule and
/// the <c>--against</c> comparison read it; an implementation must be deterministic for a given config and
/// thread-safe (the audit simulates clusters in parallel).
/// </summary>
public interface IShareSimulator
{
    /// <param name="cluster">The cluster to run.</param>
    /// <param name="offeredRate">Requests per second offered to the whole cluster, or null for shares only.</param>
    SharePrediction Predict(ClusterConfig cluster, double? offeredRate);
}
