using System.Globalization;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Yarp.ReverseProxy.Configuration;
using FulcrumCluster = Fulcrum.Core.Config.ClusterConfig;
using FulcrumDestination = Fulcrum.Core.Config.DestinationConfig;
using FulcrumRoute = Fulcrum.Core.Config.RouteConfig;
using YarpCluster = Yarp.ReverseProxy.Configuration.ClusterConfig;
using YarpRoute = Yarp.ReverseProxy.Configuration.RouteConfig;

namespace Fulcrum.Proxy;

/// <summary>
/// Reads Fulcrum's view of a YARP config: every cluster whose <c>LoadBalancingPolicy</c> is a Fulcrum policy becomes
/// a <see cref="FulcrumCluster"/>, with weights, capacities, slow start, hashing and health read from
/// <see cref="FulcrumMetadata"/>. The one way from YARP's model to Fulcrum's: the live proxy (embedded or the
/// executable, whose YAML is first mapped onto YARP) and <c>fulcrum audit</c> of an appsettings.json all read here.
/// Problems are reported with the setting's path (<c>ReverseProxy:Clusters:web:Metadata:Fulcrum.SlowStart</c>) so a
/// caller that knows the file can say where; a bad value falls back to its default so serving can go on.
/// </summary>
internal static class YarpConfigReader
{
    public const string Section = "ReverseProxy";

    /// <summary>A problem at a configuration path (colon-separated, as <c>IConfiguration</c> writes it).</summary>
    public sealed record Problem(string Path, string Message);

    /// <summary>
    /// Where each <c>fulcrum.yaml</c> cluster setting lives in a YARP cluster section (relative paths), so findings
    /// about a YARP config point at the line that holds the setting.
    /// </summary>
    public static readonly IReadOnlyList<(string Fulcrum, string Yarp)> ClusterSettingPaths =
    [
        ("policy", "LoadBalancingPolicy"),
        ("destinations", "Destinations"),
        ("slow-start", $"Metadata:{FulcrumMetadata.SlowStart}"),
        ("hash", $"Metadata:{FulcrumMetadata.HashKey}"),
        ("hash.key", $"Metadata:{FulcrumMetadata.HashKey}"),
        ("hash.balance-factor", $"Metadata:{FulcrumMetadata.HashBalanceFactor}"),
        ("peak-ewma", $"Metadata:{FulcrumMetadata.PeakEwmaChoices}"),
        ("peak-ewma.choices", $"Metadata:{FulcrumMetadata.PeakEwmaChoices}"),
        ("peak-ewma.parallelism", $"Metadata:{FulcrumMetadata.PeakEwmaParallelism}"),
        ("health", "HealthCheck"),
        ("health.active", "HealthCheck:Active"),
        ("health.active.path", "HealthCheck:Active:Path"),
        ("health.active.interval", "HealthCheck:Active:Interval"),
        ("health.active.timeout", "HealthCheck:Active:Timeout"),
        ("health.active.unhealthy-after", $"Metadata:{FulcrumMetadata.ActiveUnhealthyAfter}"),
        ("health.active.healthy-after", $"Metadata:{FulcrumMetadata.ActiveHealthyAfter}"),
        ("health.passive", $"Metadata:{FulcrumMetadata.PassiveConsecutiveFailures}"),
        ("health.passive.consecutive-failures", $"Metadata:{FulcrumMetadata.PassiveConsecutiveFailures}"),
        ("health.passive.ejection", $"Metadata:{FulcrumMetadata.PassiveEjection}"),
        ("health.passive.max-ejected-percent", $"Metadata:{FulcrumMetadata.PassiveMaxEjectedPercent}"),
        ("affinity", "SessionAffinity"),
        ("timeouts.request", "HttpRequest:ActivityTimeout"),
        ("timeouts.connect", $"Metadata:{FulcrumMetadata.ConnectTimeout}"),
        ("http-request", "HttpRequest"),
        ("http-request.version", "HttpRequest:Version"),
        ("http-request.version-policy", "HttpRequest:VersionPolicy"),
        ("tls", "HttpClient"),
        ("tls.insecure", "HttpClient:DangerousAcceptAnyServerCertificate"),
        ("tls.ca", $"Metadata:{FulcrumMetadata.TlsCa}"),
        ("tls.client-cert", $"Metadata:{FulcrumMetadata.TlsClientCert}"),
        ("tls.client-cert.cert", $"Metadata:{FulcrumMetadata.TlsClientCert}"),
        ("tls.client-cert.key", $"Metadata:{FulcrumMetadata.TlsClientKey}"),
    ];

    /// <inheritdoc cref="ClusterSettingPaths"/>
    public static readonly IReadOnlyList<(string Fulcrum, string Yarp)> DestinationSettingPaths =
    [
        ("address", "Address"),
        ("weight", $"Metadata:{FulcrumMetadata.Weight}"),
        ("capacity", $"Metadata:{FulcrumMetadata.Capacity}"),
    ];

    /// <inheritdoc cref="ClusterSettingPaths"/>
    public static readonly IReadOnlyList<(string Fulcrum, string Yarp)> RouteSettingPaths =
    [
        ("name", ""),
        ("match", "Match"),
        ("match.path", "Match:Path"),
        ("match.hosts", "Match:Hosts"),
        ("cluster", "ClusterId"),
    ];

    /// <summary>True when <paramref name="policy"/> names a policy in <paramref name="policies"/> (default: the built-ins).</summary>
    public static bool IsFulcrumPolicy(string? policy, BalancingPolicyRegistry? policies = null) =>
        (policies ?? BalancingPolicyRegistry.BuiltIn).TryGet(policy, out _);

    public static IReadOnlyList<FulcrumRoute> Routes(IEnumerable<YarpRoute> routes) =>
        routes.Select(r => new FulcrumRoute(
                r.RouteId,
                new Core.Config.RouteMatch(r.Match.Path ?? "/{**catch-all}", r.Match.Hosts?.ToArray() ?? []),
                r.ClusterId ?? ""))
            .ToArray();

    /// <summary>
    /// Fulcrum's clusters: those whose policy is registered in <paramref name="policies"/> (default: the built-ins).
    /// A <c>Fulcrum.</c> name that is not registered is a problem (a typo, or an app's policy read outside that app).
    /// </summary>
    public static IReadOnlyList<FulcrumCluster> Clusters(IEnumerable<YarpCluster> clusters, List<Problem> problems, BalancingPolicyRegistry? policies = null)
    {
        policies ??= BalancingPolicyRegistry.BuiltIn;
        var result = new List<FulcrumCluster>();
        foreach (var cluster in clusters)
        {
            if (policies.TryGet(cluster.LoadBalancingPolicy, out var policy))
            {
                result.Add(Cluster(cluster, policy, problems));
            }
            else if (cluster.LoadBalancingPolicy?.StartsWith(BalancingPolicy.NamePrefix, StringComparison.OrdinalIgnoreCase) == true)
            {
                problems.Add(new Problem($"{Section}:Clusters:{cluster.ClusterId}:LoadBalancingPolicy",
                    $"'{cluster.LoadBalancingPolicy}' is not a registered policy; registered: {string.Join(", ", policies.Names)}. " +
                    "A policy an app adds with AddFulcrumPolicy is known only inside that app"));
            }
        }
        return result;
    }

    /// <summary>Reads one cluster; its policy is looked up in <paramref name="policies"/> (default: the built-ins), round-robin when unknown.</summary>
    public static FulcrumCluster Cluster(YarpCluster cluster, List<Problem> problems, BalancingPolicyRegistry? policies = null) =>
        Cluster(cluster, (policies ?? BalancingPolicyRegistry.BuiltIn).TryGet(cluster.LoadBalancingPolicy, out var policy) ? policy : BuiltInPolicies.For(PolicyKind.RoundRobin), problems);

    private static FulcrumCluster Cluster(YarpCluster cluster, BalancingPolicy balancing, List<Problem> problems)
    {
        var at = $"{Section}:Clusters:{cluster.ClusterId}";
        var policy = balancing.JudgedAs;
        var metadata = new MetadataValues(cluster.Metadata, $"{at}:Metadata", problems);
        var destinations = (cluster.Destinations ?? new Dictionary<string, Yarp.ReverseProxy.Configuration.DestinationConfig>())
            .Select(d => Destination(d.Key, d.Value, $"{at}:Destinations:{d.Key}", problems))
            .Where(d => d is not null)
            .Select(d => d!)
            .ToArray();
        return new FulcrumCluster
        {
            Name = cluster.ClusterId,
            Policy = policy,
            CustomPolicy = balancing.IsBuiltIn ? null : balancing,
            Destinations = destinations,
            Hash = Hash(metadata, policy),
            PeakEwma = PeakEwma(metadata, policy),
            Affinity = Affinity(cluster.SessionAffinity),
            Health = new HealthConfig(Active(cluster.HealthCheck?.Active, metadata), Passive(metadata)),
            SlowStart = metadata.Duration(FulcrumMetadata.SlowStart),
            Timeouts = new TimeoutsConfig(metadata.Duration(FulcrumMetadata.ConnectTimeout), cluster.HttpRequest?.ActivityTimeout),
            Retries = Retries(metadata),
            HttpRequest = HttpRequest(cluster.HttpRequest),
            Tls = Tls(cluster, metadata),
        };
    }

    /// <summary>
    /// <c>tls</c> as it serves: the files from metadata, insecure from YARP's own switch, and the SNI name from the
    /// destinations' Host when they all share one (.NET sends the Host as the server name). Without this the view
    /// the audit judges had no TLS while the proxy accepted any certificate, so FUL023 stayed silent.
    /// </summary>
    private static BackendTlsConfig? Tls(YarpCluster cluster, MetadataValues metadata)
    {
        var hosts = cluster.Destinations?.Values.Select(d => d.Host).Distinct(StringComparer.Ordinal).ToArray() ?? [];
        var sni = hosts is [{ } host] ? host : null;
        var tls = new BackendTlsConfig(
            metadata.Text(FulcrumMetadata.TlsCa),
            sni,
            metadata.Text(FulcrumMetadata.TlsClientCert),
            metadata.Text(FulcrumMetadata.TlsClientKey),
            cluster.HttpClient?.DangerousAcceptAnyServerCertificate == true);
        return tls is { Ca: null, Sni: null, ClientCert: null, ClientKey: null, Insecure: false } ? null : tls;
    }

    /// <summary>YARP's own Version and VersionPolicy, each left out taking YARP's default (YARP validates the values).</summary>
    private static HttpRequestConfig? HttpRequest(Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig? request) =>
        request is { Version: null, VersionPolicy: null } or null
            ? null
            : new HttpRequestConfig(request.Version ?? HttpRequestConfig.Default.Version, request.VersionPolicy ?? HttpRequestConfig.Default.VersionPolicy);

    private static RetryConfig? Retries(MetadataValues metadata)
    {
        if (metadata.Int(FulcrumMetadata.RetryAttempts, 1, RetryConfig.MaxAttempts) is not { } attempts)
        {
            return null;
        }
        var budget = metadata.Double(FulcrumMetadata.RetryBudget, 0) ?? RetryConfig.DefaultBudget;
        if (budget > 1)
        {
            metadata.Fail(FulcrumMetadata.RetryBudget, $"'{budget.ToString(CultureInfo.InvariantCulture)}' is not allowed; give a fraction above 0 and at most 1, e.g. 0.2");
            budget = RetryConfig.DefaultBudget;
        }
        var methods = RetryMethods.Idempotent;
        if (metadata.Text(FulcrumMetadata.RetryMethods) is { } text && !RetryMetadata.TryParseMethods(text, out methods))
        {
            metadata.Fail(FulcrumMetadata.RetryMethods, $"'{text}' is not allowed; give idempotent or safe");
        }
        var on = RetryOn.Default;
        if (metadata.Text(FulcrumMetadata.RetryOn) is { } words && !RetryMetadata.TryParseOn(words, out on))
        {
            metadata.Fail(FulcrumMetadata.RetryOn, $"'{words}' is not allowed; give a comma-separated list of {string.Join(", ", RetryOnNames.All)}");
            on = RetryOn.Default;
        }
        return new RetryConfig(attempts, budget, metadata.Duration(FulcrumMetadata.RetryPerTryTimeout), methods) { On = on };
    }

    private static FulcrumDestination? Destination(string name, Yarp.ReverseProxy.Configuration.DestinationConfig destination, string at, List<Problem> problems)
    {
        if (!Uri.TryCreate(destination.Address, UriKind.Absolute, out var address))
        {
            problems.Add(new Problem($"{at}:Address", $"'{destination.Address}' is not an absolute URL such as http://10.0.0.1:8080"));
            return null;
        }
        var metadata = new MetadataValues(destination.Metadata, $"{at}:Metadata", problems);
        return new FulcrumDestination(
            name,
            address,
            metadata.Int(FulcrumMetadata.Weight, min: 0, max: 1_000_000) ?? 1,
            metadata.Double(FulcrumMetadata.Capacity, exclusiveMin: 0));
    }

    private static HashConfig? Hash(MetadataValues metadata, PolicyKind policy)
    {
        var text = metadata.Text(FulcrumMetadata.HashKey);
        if (text is null)
        {
            // Hash policies without a key hash the path, as the YAML loader's default would be surprising otherwise.
            return Policies.IsHashing(policy) ? new HashConfig(new HashKey(HashKeySource.Path, null), metadata.Double(FulcrumMetadata.HashBalanceFactor, exclusiveMin: 1)) : null;
        }
        if (!Policies.TryParseHashKey(text, out var key, out var error))
        {
            metadata.Fail(FulcrumMetadata.HashKey, error);
            return null;
        }
        return new HashConfig(key!, metadata.Double(FulcrumMetadata.HashBalanceFactor, exclusiveMin: 1));
    }

    /// <summary>Peak-ewma's settings; on a cluster of another policy they are a problem (as in fulcrum.yaml) and read as the defaults.</summary>
    private static PeakEwmaConfig PeakEwma(MetadataValues metadata, PolicyKind policy)
    {
        var choices = metadata.Int(FulcrumMetadata.PeakEwmaChoices, 2, PeakEwmaConfig.MaxChoices);
        var parallelism = metadata.Int(FulcrumMetadata.PeakEwmaParallelism, 1, PeakEwmaConfig.MaxParallelism);
        if (choices is null && parallelism is null)
        {
            return PeakEwmaConfig.Default;
        }
        if (policy != PolicyKind.PeakEwma)
        {
            metadata.Fail(choices is null ? FulcrumMetadata.PeakEwmaParallelism : FulcrumMetadata.PeakEwmaChoices,
                $"holds a setting of policy peak-ewma, but the policy is {Policies.Name(policy)}; remove it or use Fulcrum.PeakEwma");
            return PeakEwmaConfig.Default;
        }
        return new PeakEwmaConfig(choices ?? PeakEwmaConfig.DefaultChoices, parallelism ?? PeakEwmaConfig.DefaultParallelism);
    }

    private static AffinityConfig? Affinity(SessionAffinityConfig? affinity) =>
        affinity is { Enabled: true }
            ? new AffinityConfig(
                string.Equals(affinity.Policy, "CustomHeader", StringComparison.OrdinalIgnoreCase) ? AffinityMode.Header : AffinityMode.Cookie,
                affinity.Cookie?.Expiration,
                string.Equals(affinity.FailurePolicy, "Return503Error", StringComparison.OrdinalIgnoreCase) ? AffinityFailure.Reject : AffinityFailure.Redistribute)
            : null;

    private static ActiveHealthConfig? Active(ActiveHealthCheckConfig? active, MetadataValues metadata) =>
        active is { Enabled: true }
            ? new ActiveHealthConfig(
                active.Path ?? "/",
                active.Interval ?? TimeSpan.FromSeconds(15),
                active.Timeout ?? TimeSpan.FromSeconds(10),
                metadata.Int(FulcrumMetadata.ActiveUnhealthyAfter, min: 1, max: 1000) ?? 3,
                metadata.Int(FulcrumMetadata.ActiveHealthyAfter, min: 1, max: 1000) ?? 2)
            : null;

    private static PassiveHealthConfig? Passive(MetadataValues metadata)
    {
        var failures = metadata.Int(FulcrumMetadata.PassiveConsecutiveFailures, min: 1, max: 1_000_000);
        var ejection = metadata.Duration(FulcrumMetadata.PassiveEjection);
        var maxPercent = metadata.Int(FulcrumMetadata.PassiveMaxEjectedPercent, min: 0, max: 100);
        if (failures is null && ejection is null && maxPercent is null)
        {
            return null;
        }
        return new PassiveHealthConfig(failures ?? 5, ejection ?? TimeSpan.FromSeconds(30), maxPercent ?? 50);
    }

    /// <summary>Typed reads of one metadata dictionary; each bad value is one problem and reads as absent.</summary>
    private sealed class MetadataValues(IReadOnlyDictionary<string, string>? values, string at, List<Problem> problems)
    {
        public string? Text(string key) => values is not null && values.TryGetValue(key, out var text) ? text : null;

        public void Fail(string key, string message) => problems.Add(new Problem($"{at}:{key}", message));

        public int? Int(string key, int min, int max)
        {
            if (Text(key) is not { } text)
            {
                return null;
            }
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }
            Fail(key, $"'{text}' is not allowed; give an integer from {min} to {max}");
            return null;
        }

        public double? Double(string key, double exclusiveMin)
        {
            if (Text(key) is not { } text)
            {
                return null;
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > exclusiveMin)
            {
                return value;
            }
            Fail(key, $"'{text}' is not allowed; give a number above {exclusiveMin.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        public TimeSpan? Duration(string key)
        {
            if (Text(key) is not { } text)
            {
                return null;
            }
            if (Core.Config.Duration.TryParse(text, out var value, out var error))
            {
                return value;
            }
            Fail(key, error);
            return null;
        }
    }
}
