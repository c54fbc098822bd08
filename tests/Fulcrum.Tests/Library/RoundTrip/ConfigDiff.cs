using System.Globalization;
using Fulcrum.Core.Config;

namespace Fulcrum.Tests.Library.RoundTrip;

/// <summary>
/// Field-by-field comparison of clusters, destinations and routes, written out by hand so each difference names the
/// setting and both values. Each field is registered as <c>Record.Property</c> (<see cref="Fields"/>), which the
/// completeness test compares with the records' properties: a new property is either compared here or allow-listed.
/// </summary>
internal sealed class ConfigDiff
{
    private readonly List<string> _differences = [];
    private readonly HashSet<string> _fields = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Differences => _differences;

    /// <summary>The <c>Record.Property</c> fields compared so far.</summary>
    public IReadOnlySet<string> Fields => _fields;

    /// <summary>The <c>Record.Property</c> fields that differed (for the generator check: which fields it varies).</summary>
    public HashSet<string> DifferingFields { get; } = new(StringComparer.Ordinal);

    public void Clusters(IReadOnlyList<ClusterConfig> expected, IReadOnlyList<ClusterConfig> actual)
    {
        Field("clusters", "FulcrumConfig.Clusters.Count", expected.Count, actual.Count);
        foreach (var (a, b) in expected.Zip(actual))
        {
            Cluster(a, b);
        }
    }

    public void Routes(IReadOnlyList<RouteConfig> expected, IReadOnlyList<RouteConfig> actual)
    {
        Field("routes", "FulcrumConfig.Routes.Count", expected.Count, actual.Count);
        foreach (var (i, a, b) in expected.Zip(actual).Select((p, i) => (i, p.First, p.Second)))
        {
            var at = $"routes[{i}]";
            Field($"{at}.name", "RouteConfig.Name", a.Name, b.Name);
            Field($"{at}.cluster", "RouteConfig.Cluster", a.Cluster, b.Cluster);
            Field($"{at}.match.path", "RouteMatch.Path", a.Match.Path, b.Match.Path);
            Field($"{at}.match.hosts", "RouteMatch.Hosts", string.Join(",", a.Match.Hosts), string.Join(",", b.Match.Hosts));
            Covered("RouteConfig.Match");
        }
    }

    public void Forwarded(ForwardedConfig a, ForwardedConfig b)
    {
        Field("forwarded.mode", "ForwardedConfig.Mode", a.Mode, b.Mode);
        Field("forwarded.host", "ForwardedConfig.Host", a.Host, b.Host);
        Field("forwarded.x-forwarded", "ForwardedConfig.XForwarded", a.XForwarded, b.XForwarded);
        Field("forwarded.rfc7239", "ForwardedConfig.Rfc7239", a.Rfc7239, b.Rfc7239);
        Field("forwarded.path", "ForwardedConfig.Path", a.Path, b.Path);
    }

    public void Cluster(ClusterConfig a, ClusterConfig b)
    {
        var at = $"clusters.{a.Name}";
        Field($"{at}.name", "ClusterConfig.Name", a.Name, b.Name);
        Field($"{at}.policy", "ClusterConfig.Policy", a.Policy, b.Policy);
        Field($"{at}.destinations.count", "ClusterConfig.Destinations", a.Destinations.Count, b.Destinations.Count);
        foreach (var (x, y) in a.Destinations.Zip(b.Destinations))
        {
            var d = $"{at}.destinations.{x.Name}";
            Field($"{d}.name", "DestinationConfig.Name", x.Name, y.Name);
            Field($"{d}.address", "DestinationConfig.Address", x.Address, y.Address);
            Field($"{d}.weight", "DestinationConfig.Weight", x.Weight, y.Weight);
            Field($"{d}.capacity", "DestinationConfig.Capacity", x.Capacity, y.Capacity);
            Field($"{d}.sni", "DestinationConfig.Sni", x.Sni, y.Sni);
        }

        Field($"{at}.hash", "ClusterConfig.Hash", a.Hash is null, b.Hash is null, "absent");
        Field($"{at}.hash.key.source", "HashKey.Source", a.Hash?.Key.Source, b.Hash?.Key.Source);
        Field($"{at}.hash.key.name", "HashKey.Name", a.Hash?.Key.Name, b.Hash?.Key.Name);
        Covered("HashConfig.Key");
        Field($"{at}.hash.balance-factor", "HashConfig.BalanceFactor", a.Hash?.BalanceFactor, b.Hash?.BalanceFactor);

        Field($"{at}.peak-ewma.choices", "PeakEwmaConfig.Choices", a.PeakEwma.Choices, b.PeakEwma.Choices);
        Field($"{at}.peak-ewma.parallelism", "PeakEwmaConfig.Parallelism", a.PeakEwma.Parallelism, b.PeakEwma.Parallelism);
        Field($"{at}.peak-ewma.cost", "PeakEwmaConfig.Cost", a.PeakEwma.Cost, b.PeakEwma.Cost);
        Covered("ClusterConfig.PeakEwma");

        Field($"{at}.affinity", "ClusterConfig.Affinity", a.Affinity is null, b.Affinity is null, "absent");
        Field($"{at}.affinity.mode", "AffinityConfig.Mode", a.Affinity?.Mode, b.Affinity?.Mode);
        Field($"{at}.affinity.ttl", "AffinityConfig.Ttl", a.Affinity?.Ttl, b.Affinity?.Ttl);
        Field($"{at}.affinity.failure", "AffinityConfig.Failure", a.Affinity?.Failure, b.Affinity?.Failure);

        Covered("ClusterConfig.Health");
        var (active, activeBack) = (a.Health.Active, b.Health.Active);
        Field($"{at}.health.active", "HealthConfig.Active", active is null, activeBack is null, "absent");
        Field($"{at}.health.active.path", "ActiveHealthConfig.Path", active?.Path, activeBack?.Path);
        Field($"{at}.health.active.interval", "ActiveHealthConfig.Interval", active?.Interval, activeBack?.Interval);
        Field($"{at}.health.active.timeout", "ActiveHealthConfig.Timeout", active?.Timeout, activeBack?.Timeout);
        Field($"{at}.health.active.unhealthy-after", "ActiveHealthConfig.UnhealthyAfter", active?.UnhealthyAfter, activeBack?.UnhealthyAfter);
        Field($"{at}.health.active.healthy-after", "ActiveHealthConfig.HealthyAfter", active?.HealthyAfter, activeBack?.HealthyAfter);
        var (passive, passiveBack) = (a.Health.Passive, b.Health.Passive);
        Field($"{at}.health.passive", "HealthConfig.Passive", passive is null, passiveBack is null, "absent");
        Field($"{at}.health.passive.consecutive-failures", "PassiveHealthConfig.ConsecutiveFailures", passive?.ConsecutiveFailures, passiveBack?.ConsecutiveFailures);
        Field($"{at}.health.passive.ejection", "PassiveHealthConfig.Ejection", passive?.Ejection, passiveBack?.Ejection);
        Field($"{at}.health.passive.max-ejected-percent", "PassiveHealthConfig.MaxEjectedPercent", passive?.MaxEjectedPercent, passiveBack?.MaxEjectedPercent);

        Field($"{at}.slow-start", "ClusterConfig.SlowStart", a.SlowStart, b.SlowStart);
        Covered("ClusterConfig.Timeouts");
        Field($"{at}.timeouts.connect", "TimeoutsConfig.Connect", a.Timeouts.Connect, b.Timeouts.Connect);
        Field($"{at}.timeouts.request", "TimeoutsConfig.Request", a.Timeouts.Request, b.Timeouts.Request);

        Field($"{at}.retries", "ClusterConfig.Retries", a.Retries is null, b.Retries is null, "absent");
        Field($"{at}.retries.attempts", "RetryConfig.Attempts", a.Retries?.Attempts, b.Retries?.Attempts);
        Field($"{at}.retries.budget", "RetryConfig.Budget", a.Retries?.Budget, b.Retries?.Budget);
        Field($"{at}.retries.per-try-timeout", "RetryConfig.PerTryTimeout", a.Retries?.PerTryTimeout, b.Retries?.PerTryTimeout);
        Field($"{at}.retries.methods", "RetryConfig.Methods", a.Retries?.Methods, b.Retries?.Methods);
        Field($"{at}.retries.retry-on", "RetryConfig.On", a.Retries?.On, b.Retries?.On);

        Field($"{at}.tls", "ClusterConfig.Tls", a.Tls is null, b.Tls is null, "absent");
        Field($"{at}.tls.ca", "BackendTlsConfig.Ca", a.Tls?.Ca, b.Tls?.Ca);
        Field($"{at}.tls.sni", "BackendTlsConfig.Sni", a.Tls?.Sni, b.Tls?.Sni);
        Field($"{at}.tls.client-cert.cert", "BackendTlsConfig.ClientCert", a.Tls?.ClientCert, b.Tls?.ClientCert);
        Field($"{at}.tls.client-cert.key", "BackendTlsConfig.ClientKey", a.Tls?.ClientKey, b.Tls?.ClientKey);
        Field($"{at}.tls.insecure", "BackendTlsConfig.Insecure", a.Tls?.Insecure, b.Tls?.Insecure);

        Field($"{at}.http-request", "ClusterConfig.HttpRequest", a.HttpRequest is null, b.HttpRequest is null, "absent");
        Field($"{at}.http-request.version", "HttpRequestConfig.Version", a.HttpRequest?.Version, b.HttpRequest?.Version);
        Field($"{at}.http-request.version-policy", "HttpRequestConfig.VersionPolicy", a.HttpRequest?.VersionPolicy, b.HttpRequest?.VersionPolicy);
    }

    private void Covered(string field) => _fields.Add(field);

    private void Field<T>(string setting, string field, T expected, T actual, string? what = null)
    {
        _fields.Add(field);
        if (EqualityComparer<T>.Default.Equals(expected, actual))
        {
            return;
        }
        DifferingFields.Add(field);
        _differences.Add(what is null
            ? $"{setting} ({field}): wrote {Show(expected)}, read back {Show(actual)}"
            : $"{setting} ({field}): {what} {Show(expected)} written, {Show(actual)} read back");
    }

    private static string Show<T>(T value) => value switch
    {
        null => "(none)",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "(none)",
    };
}
