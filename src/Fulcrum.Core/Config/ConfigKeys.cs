namespace Fulcrum.Core.Config;

/// <summary>
/// Every key the loader accepts, per section. One list feeds both the unknown-key check (with its
/// "did you mean" hint) and the test that keeps <c>schema/fulcrum.schema.json</c> in sync.
/// Section names use <c>[]</c> for "each list item" and <c>*</c> for "each named entry".
/// </summary>
internal static class ConfigKeys
{
    public static readonly string[] Root = ["listen", "admin", "routes", "clusters", "fairness", "alerts", "journal", "limits", "forwarded", "fleet", "audit"];
    public static readonly string[] Forwarded = ["mode", "trusted-proxies", "host", "headers", "path"];
    public static readonly string[] Listener = ["url", "tls", "http2", "max-connections"];
    public static readonly string[] ListenerTls = ["certificates", "protocols"];
    public static readonly string[] ListenerCertificate = ["cert", "key", "hosts"];
    public static readonly string[] Limits = ["request-body", "request-headers", "headers-count", "idle", "request-headers-timeout", "min-body-rate", "max-connections"];
    public static readonly string[] Admin = ["listen", "token-env", "token-name"];
    public static readonly string[] Route = ["name", "match", "cluster"];
    public static readonly string[] RouteMatch = ["path", "hosts"];
    public static readonly string[] Cluster = ["policy", "destinations", "hash", "peak-ewma", "affinity", "health", "slow-start", "timeouts", "retries", "tls", "http-request"];
    public static readonly string[] BackendTls = ["ca", "sni", "client-cert", "insecure"];
    public static readonly string[] HttpRequest = ["version", "version-policy"];
    public static readonly string[] ClientCertificate = ["cert", "key"];
    public static readonly string[] Destination = ["address", "weight", "capacity"];
    public static readonly string[] Hash = ["key", "balance-factor"];
    public static readonly string[] PeakEwma = ["choices", "parallelism", "cost"];
    public static readonly string[] Affinity = ["mode", "ttl", "failure"];
    public static readonly string[] Health = ["active", "passive"];
    public static readonly string[] ActiveHealth = ["path", "interval", "timeout", "unhealthy-after", "healthy-after"];
    public static readonly string[] PassiveHealth = ["consecutive-failures", "ejection", "max-ejected-percent"];
    public static readonly string[] Timeouts = ["connect", "request"];
    public static readonly string[] Retries = ["attempts", "budget", "per-try-timeout", "methods", "retry-on"];
    public static readonly string[] Fairness = ["window", "tolerance", "min-requests", "for"];
    public static readonly string[] Alerts = ["error-rate", "latency-p99", "escalation", "receivers", "group-wait", "group-interval", "runbook-base"];
    public static readonly string[] AlertRule = ["threshold", "for"];
    public static readonly string[] EscalationTier = ["after", "notify"];
    public static readonly string[] Receiver = ["webhook", "alertmanager"];
    public static readonly string[] Journal = ["path", "max-age", "max-size"];
    public static readonly string[] Audit = ["every"];
    public static readonly string[] Fleet = ["store", "connection-env", "instance", "report-every", "keep-versions"];

    /// <summary>Every mapping section with fixed keys, by its path pattern.</summary>
    public static IReadOnlyDictionary<string, string[]> Sections { get; } = new Dictionary<string, string[]>
    {
        [""] = Root,
        ["listen[]"] = Listener,
        ["listen[].tls"] = ListenerTls,
        ["listen[].tls.certificates[]"] = ListenerCertificate,
        ["limits"] = Limits,
        ["forwarded"] = Forwarded,
        ["admin"] = Admin,
        ["routes[]"] = Route,
        ["routes[].match"] = RouteMatch,
        ["clusters.*"] = Cluster,
        ["clusters.*.destinations.*"] = Destination,
        ["clusters.*.hash"] = Hash,
        ["clusters.*.peak-ewma"] = PeakEwma,
        ["clusters.*.affinity"] = Affinity,
        ["clusters.*.health"] = Health,
        ["clusters.*.health.active"] = ActiveHealth,
        ["clusters.*.health.passive"] = PassiveHealth,
        ["clusters.*.timeouts"] = Timeouts,
        ["clusters.*.retries"] = Retries,
        ["clusters.*.tls"] = BackendTls,
        ["clusters.*.tls.client-cert"] = ClientCertificate,
        ["clusters.*.http-request"] = HttpRequest,
        ["fairness"] = Fairness,
        ["alerts"] = Alerts,
        ["alerts.error-rate"] = AlertRule,
        ["alerts.latency-p99"] = AlertRule,
        ["alerts.escalation[]"] = EscalationTier,
        ["alerts.receivers.*"] = Receiver,
        ["journal"] = Journal,
        ["fleet"] = Fleet,
        ["audit"] = Audit,
    };
}
