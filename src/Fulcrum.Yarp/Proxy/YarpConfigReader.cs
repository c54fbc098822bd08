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
        ("peak-ewma.cost", $"Metadata:{FulcrumMetadata.PeakEwmaCost}"),
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
    /// Reports the <c>Fulcrum.*</c> route metadata keys that are not Fulcrum's (a typo such as <c>Fulcrum.Paths</c>
    /// would leave the default in force unseen), as <see cref="Clusters"/> does for cluster and destination keys.
    /// </summary>
    public static void CheckRoutes(IEnumerable<YarpRoute> routes, List<Problem> problems)
    {
        foreach (var route in routes)
        {
            new MetadataValues(route.Metadata, $"{Section}:Routes:{route.RouteId}:Metadata", problems).CheckKeys(FulcrumMetadata.RouteKeys);
        }
    }

    /// <summary>
    /// Fulcrum's clusters: those whose policy is registered in <paramref name="policies"/> (default: the built-ins).
    /// A <c>Fulcrum.</c> name that is not registered is a problem (a typo, or an app's policy read outside that app).
    /// </summary>
    /// <param name="clusters">YARP's clusters.</param>
    /// <param name="problems">Collects each bad or ignored setting.</param>
    /// <param name="policies">The registered policies (default: the built-ins).</param>
    /// <param name="baseDirectory">
    /// Where relative TLS file paths in metadata resolve: the settings file's folder for <c>fulcrum audit</c>, the app's
    /// content root in an app (null: the current directory), as <see cref="BackendTlsMetadata.ResolvePath"/> does live.
    /// </param>
    public static IReadOnlyList<FulcrumCluster> Clusters(IEnumerable<YarpCluster> clusters, List<Problem> problems, BalancingPolicyRegistry? policies = null, string? baseDirectory = null)
    {
        policies ??= BalancingPolicyRegistry.BuiltIn;
        var result = new List<FulcrumCluster>();
        foreach (var cluster in clusters)
        {
            if (policies.TryGet(cluster.LoadBalancingPolicy, out var policy))
            {
                result.Add(Cluster(cluster, policy, problems, baseDirectory));
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
    public static FulcrumCluster Cluster(YarpCluster cluster, List<Problem> problems, BalancingPolicyRegistry? policies = null, string? baseDirectory = null) =>
        Cluster(cluster, (policies ?? BalancingPolicyRegistry.BuiltIn).TryGet(cluster.LoadBalancingPolicy, out var policy) ? policy : BuiltInPolicies.For(PolicyKind.RoundRobin), problems, baseDirectory);

    private static FulcrumCluster Cluster(YarpCluster cluster, BalancingPolicy balancing, List<Problem> problems, string? baseDirectory)
    {
        var at = $"{Section}:Clusters:{cluster.ClusterId}";
        var policy = balancing.JudgedAs;
        var metadata = new MetadataValues(cluster.Metadata, $"{at}:Metadata", problems);
        metadata.CheckKeys(FulcrumMetadata.ClusterKeys);
        var sni = YarpTlsReader.Sni(cluster.Destinations);
        var destinations = (cluster.Destinations ?? new Dictionary<string, Yarp.ReverseProxy.Configuration.DestinationConfig>())
            .Select(d => Destination(d.Key, d.Value, $"{at}:Destinations:{d.Key}", problems, sni.PerDestination))
            .Where(d => d is not null)
            .Select(d => d!)
            .ToArray();
        return new FulcrumCluster
        {
            Name = cluster.ClusterId,
            Policy = policy,
            CustomPolicy = balancing.IsBuiltIn ? null : balancing,
            Destinations = destinations,
            Hash = Hash(metadata, policy, balancing.IsBuiltIn),
            PeakEwma = PeakEwma(metadata, policy),
            Affinity = Affinity(cluster.SessionAffinity, $"{at}:SessionAffinity", problems),
            Health = new HealthConfig(Active(cluster.HealthCheck?.Active, metadata), Passive(metadata)),
            SlowStart = SlowStart(metadata, policy, balancing.IsBuiltIn),
            Timeouts = new TimeoutsConfig(metadata.Duration(FulcrumMetadata.ConnectTimeout), cluster.HttpRequest?.ActivityTimeout),
            Retries = Retries(metadata, cluster.HttpRequest?.ActivityTimeout),
            HttpRequest = HttpRequest(cluster.HttpRequest),
            Tls = YarpTlsReader.Tls(cluster, metadata, sni.Shared, baseDirectory),
        };
    }

    /// <summary>YARP's own Version and VersionPolicy, each left out taking YARP's default (YARP validates the values).</summary>
    private static HttpRequestConfig? HttpRequest(Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig? request) =>
        request is { Version: null, VersionPolicy: null } or null
            ? null
            : new HttpRequestConfig(request.Version ?? HttpRequestConfig.Default.Version, request.VersionPolicy ?? HttpRequestConfig.Default.VersionPolicy);

    /// <summary>As in fulcrum.yaml: first-available never reads the ramped weight, so a slow start there is a problem, read as none.</summary>
    private static TimeSpan? SlowStart(MetadataValues metadata, PolicyKind policy, bool builtIn)
    {
        var slowStart = metadata.Duration(FulcrumMetadata.SlowStart);
        if (slowStart is not null && builtIn && policy == PolicyKind.FirstAvailable)
        {
            metadata.Fail(FulcrumMetadata.SlowStart,
                "has no effect with Fulcrum.FirstAvailable: it sends every request to the first eligible destination and never reads the ramped weight; remove it or use a policy that shares the load");
            return null;
        }
        return slowStart;
    }

    private static RetryConfig? Retries(MetadataValues metadata, TimeSpan? activityTimeout)
    {
        if (metadata.Int(FulcrumMetadata.RetryAttempts, 1, RetryConfig.MaxAttempts) is not { } attempts)
        {
            metadata.FailEach(RetrySettings, $"is a retry setting, but retries are off without {FulcrumMetadata.RetryAttempts}; set it (1 to {RetryConfig.MaxAttempts}) or remove this key");
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
        var perTry = metadata.Duration(FulcrumMetadata.RetryPerTryTimeout);
        if (perTry is { } tryTimeout && activityTimeout is { } request && tryTimeout >= request)
        {
            // As in fulcrum.yaml: each try's activity timeout is the per-try one, in place of HttpRequest:ActivityTimeout.
            metadata.Fail(FulcrumMetadata.RetryPerTryTimeout,
                $"{Duration.Format(tryTimeout)} is not shorter than HttpRequest:ActivityTimeout ({Duration.Format(request)}): each try's activity timeout is the per-try one, " +
                "in place of the cluster's, so no try would be cut short to be retried and the cluster's timeout would not apply; make it shorter, or remove it");
            perTry = null;
        }
        return new RetryConfig(attempts, budget, perTry, methods) { On = on };
    }

    private static readonly string[] RetrySettings = [FulcrumMetadata.RetryBudget, FulcrumMetadata.RetryPerTryTimeout, FulcrumMetadata.RetryMethods, FulcrumMetadata.RetryOn];

    private static FulcrumDestination? Destination(
        string name, Yarp.ReverseProxy.Configuration.DestinationConfig destination, string at, List<Problem> problems, IReadOnlyDictionary<string, string?> sni)
    {
        if (!Uri.TryCreate(destination.Address, UriKind.Absolute, out var address))
        {
            problems.Add(new Problem($"{at}:Address", $"'{destination.Address}' is not an absolute URL such as http://10.0.0.1:8080"));
            return null;
        }
        var metadata = new MetadataValues(destination.Metadata, $"{at}:Metadata", problems);
        metadata.CheckKeys(FulcrumMetadata.DestinationKeys);
        return new FulcrumDestination(
            name,
            address,
            metadata.Int(FulcrumMetadata.Weight, min: 0, max: 1_000_000) ?? 1,
            metadata.Double(FulcrumMetadata.Capacity, exclusiveMin: 0))
        {
            Sni = sni.GetValueOrDefault(name),
        };
    }

    private static HashConfig? Hash(MetadataValues metadata, PolicyKind policy, bool builtIn)
    {
        var text = metadata.Text(FulcrumMetadata.HashKey);
        // An app's own policy gets the key's hash whatever it is judged as (docs/embedding.md), so only built-ins are held to it.
        if (builtIn && !Policies.IsHashing(policy))
        {
            // As in fulcrum.yaml: only the hash policies hash; elsewhere the key would be read and never used.
            metadata.FailEach([FulcrumMetadata.HashKey, FulcrumMetadata.HashBalanceFactor],
                $"is a setting of the hash policies, but the policy is {Policies.Name(policy)}; remove it or use Fulcrum.ConsistentHash or Fulcrum.Maglev");
            return null;
        }
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
        var cost = PeakEwmaCostOf(metadata);
        if (choices is null && parallelism is null && cost is null)
        {
            return PeakEwmaConfig.Default;
        }
        if (policy != PolicyKind.PeakEwma)
        {
            var key = choices is not null ? FulcrumMetadata.PeakEwmaChoices
                : parallelism is not null ? FulcrumMetadata.PeakEwmaParallelism : FulcrumMetadata.PeakEwmaCost;
            metadata.Fail(key, $"holds a setting of policy peak-ewma, but the policy is {Policies.Name(policy)}; remove it or use Fulcrum.PeakEwma");
            return PeakEwmaConfig.Default;
        }
        return new PeakEwmaConfig(choices ?? PeakEwmaConfig.DefaultChoices, parallelism ?? PeakEwmaConfig.DefaultParallelism, cost ?? PeakEwmaCost.Load);
    }

    private static PeakEwmaCost? PeakEwmaCostOf(MetadataValues metadata)
    {
        if (metadata.Text(FulcrumMetadata.PeakEwmaCost) is not { } text)
        {
            return null;
        }
        if (PeakEwmaConfig.ParseCost(text) is { } cost)
        {
            return cost;
        }
        metadata.Fail(FulcrumMetadata.PeakEwmaCost, $"'{text}' is not a peak-ewma cost; use {string.Join(" or ", PeakEwmaConfig.CostNames)}");
        return null;
    }

    /// <summary>
    /// YARP's affinity. The ttl is the cookie's lifetime (Max-Age wins over Expires in browsers, as in YARP's cookie);
    /// YARP's CustomHeader policy has no expiry, so a cookie lifetime on it is never applied: a problem, read as none.
    /// </summary>
    private static AffinityConfig? Affinity(SessionAffinityConfig? affinity, string at, List<Problem> problems)
    {
        if (affinity is not { Enabled: true })
        {
            return null;
        }
        var header = string.Equals(affinity.Policy, "CustomHeader", StringComparison.OrdinalIgnoreCase);
        var ttl = affinity.Cookie?.MaxAge ?? affinity.Cookie?.Expiration;
        if (header && ttl is not null)
        {
            problems.Add(new Problem($"{at}:Cookie:{(affinity.Cookie?.MaxAge is null ? "Expiration" : "MaxAge")}",
                "a cookie lifetime has no effect with Policy CustomHeader: header affinity never expires. Remove it, or use a cookie policy (Cookie, HashCookie, ArrCookie)"));
            ttl = null;
        }
        return new AffinityConfig(
            header ? AffinityMode.Header : AffinityMode.Cookie,
            ttl,
            string.Equals(affinity.FailurePolicy, "Return503Error", StringComparison.OrdinalIgnoreCase) ? AffinityFailure.Reject : AffinityFailure.Redistribute);
    }

    private static ActiveHealthConfig? Active(ActiveHealthCheckConfig? active, MetadataValues metadata)
    {
        if (active is not { Enabled: true })
        {
            metadata.FailEach([FulcrumMetadata.ActiveUnhealthyAfter, FulcrumMetadata.ActiveHealthyAfter],
                "is an active health threshold, but the cluster has no active probes; set HealthCheck:Active:Enabled to true or remove this key");
            return null;
        }
        return new ActiveHealthConfig(
            active.Path ?? "/",
            active.Interval ?? TimeSpan.FromSeconds(15),
            active.Timeout ?? TimeSpan.FromSeconds(10),
            metadata.Int(FulcrumMetadata.ActiveUnhealthyAfter, min: 1, max: 1000) ?? 3,
            metadata.Int(FulcrumMetadata.ActiveHealthyAfter, min: 1, max: 1000) ?? 2);
    }

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
}
