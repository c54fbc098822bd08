namespace Fulcrum.Core.Config;

/// <summary>
/// A loaded, validated Fulcrum configuration (the YAML contract of DESIGN.md) as immutable records.
/// <see cref="Source"/> maps every setting back to the file, line and column it came from, so audit
/// findings and errors can point at it.
/// </summary>
public sealed record FulcrumConfig
{
    public required IReadOnlyList<string> Listen { get; init; }
    public required AdminConfig Admin { get; init; }
    public required IReadOnlyList<RouteConfig> Routes { get; init; }
    /// <summary>Clusters in file order.</summary>
    public required IReadOnlyList<ClusterConfig> Clusters { get; init; }
    public required FairnessConfig Fairness { get; init; }
    public required AlertsConfig Alerts { get; init; }
    public required JournalConfig Journal { get; init; }
    /// <summary>The <see cref="Listen"/> entries with their TLS and protocol settings, in the same order.</summary>
    public IReadOnlyList<ListenerConfig> Listeners
    {
        get => _listeners ?? [.. Listen.Select(url => new ListenerConfig(url))];
        init => _listeners = value;
    }
    public LimitsConfig Limits { get; init; } = LimitsConfig.Default;
    public ForwardedConfig Forwarded { get; init; } = ForwardedConfig.Default;
    /// <summary>Null (the default): one instance, file + SQLite. Set: this instance is one of a fleet sharing a store.</summary>
    public FleetConfig? Fleet { get; init; }
    /// <summary>The scheduled re-audit of the serving config with observed data (<c>audit.every</c>).</summary>
    public AuditConfig Audit { get; init; } = AuditConfig.Default;
    public SourceMap Source { get; init; } = SourceMap.Empty;

    private readonly IReadOnlyList<ListenerConfig>? _listeners;

    public ClusterConfig? FindCluster(string name)
    {
        foreach (var cluster in Clusters)
        {
            if (string.Equals(cluster.Name, name, StringComparison.Ordinal))
            {
                return cluster;
            }
        }
        return null;
    }
}

public sealed record AdminConfig(string Listen, string? TokenEnv)
{
    public const string DefaultListen = "http://127.0.0.1:9901";
    public static AdminConfig Default { get; } = new(DefaultListen, null);

    /// <summary>True when the admin API listens on loopback only (beyond it, a token is required).</summary>
    public bool IsLoopback => Reading.Urls.IsLoopback(Listen);

    /// <summary>
    /// <c>admin.token-name</c>: who a caller holding the token is, journaled as the author of the configs it applies,
    /// forces or rolls back (null: the caller's own claim and address are journaled instead).
    /// </summary>
    public string? TokenName { get; init; }
}

public sealed record RouteConfig(string Name, RouteMatch Match, string Cluster);

/// <summary>Path is a YARP route template ("/{**rest}"); Hosts empty means any host.</summary>
public sealed record RouteMatch(string Path, IReadOnlyList<string> Hosts);

public sealed record ClusterConfig
{
    public required string Name { get; init; }
    /// <summary>The built-in policy, or for a <see cref="CustomPolicy"/> the built-in whose fairness promise it declared.</summary>
    public PolicyKind Policy { get; init; } = PolicyKind.RoundRobin;
    /// <summary>An app's registered policy that picks for this cluster (null: the built-in <see cref="Policy"/> picks).</summary>
    public Balancing.BalancingPolicy? CustomPolicy { get; init; }
    /// <summary>The policy's name as users wrote it: the contract's spelling for built-ins, the registered name otherwise.</summary>
    public string PolicyName => CustomPolicy?.Name ?? Policies.Name(Policy);
    /// <summary>Destinations in file order (first-available depends on it).</summary>
    public required IReadOnlyList<DestinationConfig> Destinations { get; init; }
    public HashConfig? Hash { get; init; }
    /// <summary>Peak-ewma's settings (<c>clusters.*.peak-ewma</c>); <see cref="PeakEwmaConfig.Default"/> when not given.</summary>
    public PeakEwmaConfig PeakEwma { get; init; } = PeakEwmaConfig.Default;
    public AffinityConfig? Affinity { get; init; }
    public HealthConfig Health { get; init; } = HealthConfig.None;
    public TimeSpan? SlowStart { get; init; }
    public TimeoutsConfig Timeouts { get; init; } = TimeoutsConfig.None;
    /// <summary>Null: a failed request is not retried (YARP's behaviour).</summary>
    public RetryConfig? Retries { get; init; }
    public BackendTlsConfig? Tls { get; init; }
    /// <summary><c>clusters.*.http-request</c>; null: YARP's defaults (<see cref="HttpRequestConfig.Default"/>).</summary>
    public HttpRequestConfig? HttpRequest { get; init; }
}

/// <summary>Capacity is what the backend can really take, in requests per second (optional).</summary>
public sealed record DestinationConfig(string Name, Uri Address, int Weight = 1, double? Capacity = null)
{
    /// <summary>
    /// This destination's own server name (YARP's destination <c>Host</c>), when a YARP config gives its destinations
    /// different ones; null when it has none or when one name is shared by the cluster (then it is <c>tls.sni</c>).
    /// fulcrum.yaml has only the cluster's <c>tls.sni</c>; this keeps a YARP config's reading exact.
    /// </summary>
    public string? Sni { get; init; }
}

public enum PolicyKind
{
    RoundRobin,
    Random,
    LeastRequests,
    PowerOfTwo,
    PeakEwma,
    ConsistentHash,
    Maglev,
    FirstAvailable,
}

public enum HashKeySource { Header, Cookie, Query, Path, ClientIp }

/// <summary>Where the hash key comes from; Name is the header/cookie/query name (null for path and client-ip).</summary>
public sealed record HashKey(HashKeySource Source, string? Name)
{
    public override string ToString() => Name is null ? Policies.HashKeyName(Source) : $"{Policies.HashKeyName(Source)}:{Name}";
}

/// <summary>BalanceFactor null means unbounded (plain consistent hashing).</summary>
public sealed record HashConfig(HashKey Key, double? BalanceFactor);

/// <summary>
/// Peak-ewma's knobs. <paramref name="Choices"/>: how many distinct candidates each pick compares (2: Finagle's
/// power of two choices; at least the number of destinations: all of them). <paramref name="Parallelism"/>: how many
/// requests a destination is taken to serve side by side, so its cost is latency × (in-flight + parallelism) / weight,
/// i.e. each <c>parallelism</c> requests in flight add one response time (1: Finagle's latency × (in-flight + 1)).
/// <paramref name="Cost"/>: how in-flight requests count (<see cref="PeakEwmaCost"/>; default <see cref="PeakEwmaCost.Load"/>,
/// the formula above).
/// </summary>
public sealed record PeakEwmaConfig(
    int Choices = PeakEwmaConfig.DefaultChoices,
    int Parallelism = PeakEwmaConfig.DefaultParallelism,
    PeakEwmaCost Cost = PeakEwmaCost.Load)
{
    public const int DefaultChoices = 2;
    public const int DefaultParallelism = 1;
    public const int MaxChoices = 16;
    public const int MaxParallelism = 10_000;

    public static readonly PeakEwmaConfig Default = new();

    /// <summary>The values of <c>cost</c>, in <see cref="PeakEwmaCost"/> order.</summary>
    public static IReadOnlyList<string> CostNames { get; } = ["load", "expected-delay"];

    /// <summary>The <c>cost</c> value naming <paramref name="cost"/>.</summary>
    public static string CostName(PeakEwmaCost cost) => CostNames[(int)cost];

    /// <summary>The cost a <c>cost</c> value names; null when it is none of <see cref="CostNames"/>.</summary>
    public static PeakEwmaCost? ParseCost(string? text)
    {
        for (var i = 0; i < CostNames.Count; i++)
        {
            if (CostNames[i] == text)
            {
                return (PeakEwmaCost)i;
            }
        }
        return null;
    }

    /// <summary>
    /// The cost's load term for <paramref name="inFlight"/> requests in flight: in-flight + parallelism, or with
    /// <see cref="PeakEwmaCost.ExpectedDelay"/> max(in-flight + 1, parallelism). The picker and the fairness promise
    /// that judges it both use this.
    /// </summary>
    public double Load(double inFlight) =>
        Cost == PeakEwmaCost.ExpectedDelay ? Math.Max(inFlight + 1, Parallelism) : inFlight + Parallelism;
}

/// <summary>Peak-ewma's cost (<c>clusters.*.peak-ewma.cost</c>).</summary>
public enum PeakEwmaCost
{
    /// <summary><c>load</c> (default): latency × (in-flight + parallelism); every request in flight adds to the cost.</summary>
    Load,

    /// <summary>
    /// <c>expected-delay</c>: latency × max(in-flight + 1, parallelism), the expected completion time of one more
    /// request at a destination serving <c>parallelism</c> requests at once (join the shortest expected delay): free
    /// slots cost nothing extra, so the fastest destination with a free slot wins and a slower one is used only
    /// while the faster ones would make the request queue.
    /// </summary>
    ExpectedDelay,
}

public enum AffinityMode { Cookie, Header }

public enum AffinityFailure { Redistribute, Reject }

public sealed record AffinityConfig(AffinityMode Mode, TimeSpan? Ttl, AffinityFailure Failure);

public sealed record HealthConfig(ActiveHealthConfig? Active, PassiveHealthConfig? Passive)
{
    public static HealthConfig None { get; } = new(null, null);
}

public sealed record ActiveHealthConfig(
    string Path,
    TimeSpan Interval,
    TimeSpan Timeout,
    int UnhealthyAfter,
    int HealthyAfter);

public sealed record PassiveHealthConfig(
    int ConsecutiveFailures,
    TimeSpan Ejection,
    int MaxEjectedPercent);

public sealed record TimeoutsConfig(TimeSpan? Connect, TimeSpan? Request)
{
    public static TimeoutsConfig None { get; } = new(null, null);
}

public sealed record FairnessConfig(TimeSpan Window, double Tolerance, int MinRequests, TimeSpan For)
{
    public static FairnessConfig Default { get; } =
        new(TimeSpan.FromSeconds(30), 0.2, 200, TimeSpan.FromSeconds(30));
}

public sealed record AlertsConfig(
    ErrorRateAlertConfig ErrorRate,
    LatencyAlertConfig LatencyP99,
    IReadOnlyList<EscalationTier> Escalation,
    IReadOnlyList<ReceiverConfig> Receivers)
{
    public static AlertsConfig Default { get; } = new(
        new ErrorRateAlertConfig(0.05, TimeSpan.FromMinutes(1)),
        new LatencyAlertConfig(TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(2)),
        [],
        []);

    /// <summary>Default group wait: Alertmanager's own default.</summary>
    public static readonly TimeSpan DefaultGroupWait = TimeSpan.FromSeconds(30);

    /// <summary>Default group interval: Alertmanager's own default.</summary>
    public static readonly TimeSpan DefaultGroupInterval = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a new group (one cluster, one tier, one receiver) collects alerts before its first notification,
    /// as Alertmanager's <c>group_wait</c>: the alerts of one incident arrive in one page.
    /// </summary>
    public TimeSpan GroupWait { get; init; } = DefaultGroupWait;

    /// <summary>
    /// How long after a group's last notification before alerts that joined it since are sent, as Alertmanager's
    /// <c>group_interval</c>.
    /// </summary>
    public TimeSpan GroupInterval { get; init; } = DefaultGroupInterval;

    /// <summary>
    /// Prefix of runbook links: the alert's page is <c>{RunbookBase}{name}.md</c>. Empty (the default): the
    /// repository-relative path <c>docs/alerts/{name}.md</c>.
    /// </summary>
    public string RunbookBase { get; init; } = "";

    /// <summary>The runbook link of alert <paramref name="name"/> (e.g. <c>docs/alerts/imbalance.md</c>).</summary>
    public string RunbookFor(string name) =>
        (RunbookBase.Length == 0 ? "docs/alerts/" : RunbookBase.EndsWith('/') ? RunbookBase : RunbookBase + "/") + name + ".md";
}

public sealed record ErrorRateAlertConfig(double Threshold, TimeSpan For);

public sealed record LatencyAlertConfig(TimeSpan Threshold, TimeSpan For);

public sealed record EscalationTier(TimeSpan After, IReadOnlyList<string> Notify);

/// <summary>Exactly one of Webhook or Alertmanager is set.</summary>
public sealed record ReceiverConfig(string Name, Uri? Webhook, Uri? Alertmanager);

/// <summary>Path is resolved against the config file's folder when relative.</summary>
public sealed record JournalConfig(string Path)
{
    public const string DefaultPath = "fulcrum-journal.db";

    /// <summary>How much history the journal keeps (<c>journal.max-age</c>, <c>journal.max-size</c>).</summary>
    public JournalRetention Retention { get; init; } = JournalRetention.Default;
}

/// <summary>
/// What the journal keeps: events and config history older than <see cref="MaxAge"/> are pruned, and the oldest
/// go first while the file holds more than <see cref="MaxSize"/> bytes. The newest config and the rollback target
/// are always kept. Defaults: 14 days (<c>336h</c>) and 256 MB.
/// </summary>
public sealed record JournalRetention(TimeSpan MaxAge, long MaxSize)
{
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(14);

    public const long DefaultMaxSize = 256L << 20;

    /// <summary>The smallest <see cref="MaxSize"/> accepted: room for the tables, the newest config and some events.</summary>
    public const long MinMaxSize = 1L << 20;

    public static JournalRetention Default { get; } = new(DefaultMaxAge, DefaultMaxSize);
}

/// <summary>
/// <c>audit: { every }</c>: how often the serving config is audited again with what the monitor observed (capacity
/// inferred from throughput and latency, drift from the file on disk, shares that moved). Zero turns it off.
/// </summary>
public sealed record AuditConfig(TimeSpan Every)
{
    public static AuditConfig Default { get; } = new(TimeSpan.FromHours(1));

    public bool Enabled => Every > TimeSpan.Zero;
}

public enum FleetStoreKind { Postgres }

/// <summary>
/// <c>fleet:</c> many instances sharing one store. <see cref="ConnectionEnv"/> names the environment variable that
/// holds the connection string (the string itself never sits in the file); <see cref="Instance"/> is this
/// instance's name in the fleet (environment variables expanded at load). <see cref="KeepVersions"/> bounds the
/// published config versions the store keeps (with <c>journal.max-age</c>; the serving, reported and rollback-target
/// versions are always kept).
/// </summary>
public sealed record FleetConfig(FleetStoreKind Store, string ConnectionEnv, string Instance, TimeSpan ReportEvery, int KeepVersions = FleetConfig.DefaultKeepVersions)
{
    public static readonly TimeSpan DefaultReportEvery = TimeSpan.FromSeconds(2);

    public const int DefaultKeepVersions = 100;

    /// <summary>The machine name and process id: unique among instances on one host.</summary>
    public static string DefaultInstance => $"{Environment.MachineName}-{Environment.ProcessId}";
}
