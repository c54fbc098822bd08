using Fulcrum.Core.Audit.Rules;

namespace Fulcrum.Core.Audit;

/// <summary>Every built-in audit rule, ordered by id. Ids are stable: a rule is never renumbered or reused.</summary>
public static class RuleCatalog
{
    public static IReadOnlyList<IAuditRule> All { get; } =
    [
        new Ful001DuplicateDestinationAddress(),
        new Ful002SameHostPort(),
        new Ful003FirstAvailableSharing(),
        new Ful004WeightsFarApart(),
        new Ful005WeightsDisagreeWithCapacity(),
        new Ful006HashWithoutBalanceFactor(),
        new Ful007LowCardinalityHashKey(),
        new Ful008RiskyAffinity(),
        new Ful009NoHealthCheck(),
        new Ful010EjectionCanEmptyCluster(),
        new Ful011LoadAwareWithoutSlowStart(),
        new Ful012MissingOrHugeTimeouts(),
        new Ful013SingleDestination(),
        new Ful014DrainedDestination(),
        new Ful015ShadowedRoute(),
        new Ful016RouteWithoutEligibleDestination(),
        new Ful017HealthSlowerThanFairnessWindow(),
        new Ful018LooseFairnessTolerance(),
        new Ful019PartialCapacity(),
        new Ful020SimulatedLoadPastCapacity(),
        new Ful021SimulatedShareSkew(),
        new Ful022CertificateExpiringOrMismatched(),
        new Ful023InsecureBackendTls(),
        new Ful024UnboundedRetries(),
        new Ful025PredictedAllOnOne(),
        new Ful026WeightAboveObservedCapacity(),
        new Ful027ServingConfigDrift(),
        new Ful028ObservedShareMoved(),
        new Ful029AffinityOverridesHash(),
        new Ful030RetriesWithoutSpareDestination(),
    ];

    /// <summary>The rule with this id (case-insensitive), or null.</summary>
    public static IAuditRule? Find(string id) =>
        All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));
}
