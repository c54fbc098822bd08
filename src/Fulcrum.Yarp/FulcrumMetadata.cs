using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum;

/// <summary>
/// The keys of YARP <c>Metadata</c> that carry Fulcrum's settings, and the policy names Fulcrum registers with YARP.
/// A cluster is balanced by Fulcrum when its <c>LoadBalancingPolicy</c> is one of <see cref="Policies"/>. Values
/// use the <c>fulcrum.yaml</c> grammar (durations like <c>30s</c>); docs/embedding.md lists them with examples.
/// </summary>
public static class FulcrumMetadata
{
    /// <summary>Destination: integer weight ≥ 0 (0 drains). Default 1.</summary>
    public const string Weight = "Fulcrum.Weight";

    /// <summary>Destination: what the backend can really take, in requests per second. Optional.</summary>
    public const string Capacity = "Fulcrum.Capacity";

    /// <summary>Cluster: ramp time for new and returning destinations, e.g. <c>30s</c>. Optional.</summary>
    public const string SlowStart = "Fulcrum.SlowStart";

    /// <summary>Cluster (hash policies): <c>header:NAME</c>, <c>cookie:NAME</c>, <c>query:NAME</c>, <c>path</c> or <c>client-ip</c>.</summary>
    public const string HashKey = "Fulcrum.Hash.Key";

    /// <summary>Cluster (hash policies): bounded-load factor &gt; 1, e.g. <c>1.25</c>. Optional (unbounded).</summary>
    public const string HashBalanceFactor = "Fulcrum.Hash.BalanceFactor";

    /// <summary>Cluster (peak-ewma): candidates compared per pick, 2 to 16. Default 2.</summary>
    public const string PeakEwmaChoices = "Fulcrum.PeakEwma.Choices";

    /// <summary>Cluster (peak-ewma): requests a destination serves side by side before it slows down, 1 to 10,000. Default 1.</summary>
    public const string PeakEwmaParallelism = "Fulcrum.PeakEwma.Parallelism";

    /// <summary>Cluster (peak-ewma): <c>load</c> (latency × (in-flight + parallelism)) or <c>expected-delay</c> (latency × max(in-flight + 1, parallelism)). Default load.</summary>
    public const string PeakEwmaCost = "Fulcrum.PeakEwma.Cost";

    /// <summary>Cluster: consecutive failures (5xx or transport) that eject a destination. Setting it turns passive ejection on.</summary>
    public const string PassiveConsecutiveFailures = "Fulcrum.Passive.ConsecutiveFailures";

    /// <summary>Cluster: base ejection time, e.g. <c>30s</c> (grows on repeat). Default 30s.</summary>
    public const string PassiveEjection = "Fulcrum.Passive.Ejection";

    /// <summary>Cluster: at most this percentage of destinations ejected at once. Default 50.</summary>
    public const string PassiveMaxEjectedPercent = "Fulcrum.Passive.MaxEjectedPercent";

    /// <summary>Cluster: failed active probes in a row before a destination counts as down. Default 3.</summary>
    public const string ActiveUnhealthyAfter = "Fulcrum.Active.UnhealthyAfter";

    /// <summary>Cluster: passed active probes in a row before a destination counts as up again. Default 2.</summary>
    public const string ActiveHealthyAfter = "Fulcrum.Active.HealthyAfter";

    /// <summary>Cluster: connect timeout to destinations, e.g. <c>5s</c>. Optional.</summary>
    public const string ConnectTimeout = "Fulcrum.ConnectTimeout";

    /// <summary>Cluster: extra tries of a failed request, 1 to 5, each on another destination. Setting it turns retries on.</summary>
    public const string RetryAttempts = "Fulcrum.Retries.Attempts";

    /// <summary>Cluster: share of requests that may be retries, a fraction above 0 and at most 1. Default 0.2.</summary>
    public const string RetryBudget = "Fulcrum.Retries.Budget";

    /// <summary>Cluster: idle timeout of each try, e.g. <c>2s</c>. Optional.</summary>
    public const string RetryPerTryTimeout = "Fulcrum.Retries.PerTryTimeout";

    /// <summary>Cluster: <c>idempotent</c> (default) or <c>safe</c>, the methods retried once sent.</summary>
    public const string RetryMethods = "Fulcrum.Retries.Methods";

    /// <summary>
    /// Cluster: the failures retried, comma-separated: <c>connect-failure</c>, <c>reset</c>, <c>timeout</c>,
    /// <c>gateway-error</c> (502/503/504), <c>5xx</c>. Default <c>connect-failure,reset,timeout</c>.
    /// </summary>
    public const string RetryOn = "Fulcrum.Retries.On";

    /// <summary>Cluster: PEM file of the CA certificates trusted for its https:// destinations (instead of the system store). Optional.</summary>
    public const string TlsCa = "Fulcrum.Tls.Ca";

    /// <summary>Cluster: PEM file of the client certificate presented to its destinations (with <see cref="TlsClientKey"/>). Optional.</summary>
    public const string TlsClientCert = "Fulcrum.Tls.ClientCert";

    /// <summary>Cluster: PEM file of the client certificate's private key. Optional.</summary>
    public const string TlsClientKey = "Fulcrum.Tls.ClientKey";

    /// <summary>
    /// Route: how the path and query reach the backend: <c>as-received</c> (default; every percent escape as the client
    /// sent it, <c>%2F</c> included) or <c>normalized</c> (RFC 3986 normalisation). Dot segments are removed either way.
    /// </summary>
    public const string Path = "Fulcrum.Path";

    /// <summary>Every route key.</summary>
    public static IReadOnlyList<string> RouteKeys { get; } = [Path];

    /// <summary>Every cluster and destination key, for validation and docs.</summary>
    public static IReadOnlyList<string> ClusterKeys { get; } =
    [
        SlowStart, HashKey, HashBalanceFactor, PeakEwmaChoices, PeakEwmaParallelism, PeakEwmaCost, PassiveConsecutiveFailures, PassiveEjection, PassiveMaxEjectedPercent,
        ActiveUnhealthyAfter, ActiveHealthyAfter, ConnectTimeout,
        RetryAttempts, RetryBudget, RetryPerTryTimeout, RetryMethods, RetryOn,
        TlsCa, TlsClientCert, TlsClientKey,
    ];

    /// <inheritdoc cref="ClusterKeys"/>
    public static IReadOnlyList<string> DestinationKeys { get; } = [Weight, Capacity];

    /// <summary>
    /// The <c>LoadBalancingPolicy</c> names Fulcrum registers with YARP: <c>Fulcrum.</c> and the policy in YARP's
    /// spelling (<c>Fulcrum.RoundRobin</c>, <c>Fulcrum.PeakEwma</c>, ...), so they never clash with YARP's own
    /// <c>RoundRobin</c> or <c>Random</c> (YARP compares names without case).
    /// </summary>
    public static IEnumerable<string> Policies => BuiltInPolicies.All.Select(p => p.Name);

    /// <summary>The YARP policy name of a Fulcrum policy.</summary>
    public static string PolicyName(PolicyKind policy) => BuiltInPolicies.For(policy).Name;

    /// <summary>Reads a YARP policy name; false for YARP's own policies and anything else not Fulcrum's.</summary>
    public static bool TryParsePolicy(string? name, out PolicyKind policy)
    {
        policy = default;
        return name is not null
            && name.StartsWith(PolicyPrefix, StringComparison.OrdinalIgnoreCase)
            && Enum.TryParse(name.AsSpan(PolicyPrefix.Length), ignoreCase: true, out policy)
            && Enum.IsDefined(policy)
            && !char.IsAsciiDigit(name[PolicyPrefix.Length]);
    }

    private const string PolicyPrefix = BalancingPolicy.NamePrefix;
}
