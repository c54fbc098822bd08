using System.Globalization;

namespace Fulcrum.Core.Config.Diff;

/// <summary>A named thing (route, cluster, destination, receiver, tier) or one setting's value, as a diff sees it.</summary>
internal abstract record FlatItem(string Path);

/// <param name="Parent">Where a change is reported ("clusters.web"); <paramref name="Label"/> is how it is named there ("destination d").</param>
internal sealed record FlatEntity(string Path, string Parent, string Label) : FlatItem(Path);

internal sealed record FlatSetting(string Path, string Value) : FlatItem(Path);

/// <summary>Turns a config into named things and "path = value" settings, using the config's spellings for values.</summary>
internal static class ConfigFlattener
{
    public const string None = "none";

    /// <param name="unchanged">Destinations to leave out (the same in both configs a diff compares); null keeps all.</param>
    public static IEnumerable<FlatItem> Flatten(FulcrumConfig config, IReadOnlySet<(string Cluster, string Destination)>? unchanged = null)
    {
        yield return Setting("listen", List(config.Listen));
        yield return Setting("admin.listen", config.Admin.Listen);
        yield return Setting("admin.token-env", config.Admin.TokenEnv);
        foreach (var route in config.Routes)
        {
            var path = $"routes.{route.Name}";
            yield return new FlatEntity(path, "routes", route.Name);
            yield return Setting($"{path}.match.path", route.Match.Path);
            yield return Setting($"{path}.match.hosts", route.Match.Hosts.Count == 0 ? "any" : List(route.Match.Hosts));
            yield return Setting($"{path}.cluster", route.Cluster);
        }
        foreach (var item in config.Clusters.SelectMany(c => Cluster(c, unchanged)))
        {
            yield return item;
        }
        foreach (var item in FairnessAndAlerts(config))
        {
            yield return item;
        }
        yield return Setting("journal.path", config.Journal.Path);
    }

    private static IEnumerable<FlatItem> Cluster(ClusterConfig cluster, IReadOnlySet<(string, string)>? unchanged)
    {
        var path = $"clusters.{cluster.Name}";
        yield return new FlatEntity(path, "clusters", cluster.Name);
        yield return Setting($"{path}.policy", Policies.Name(cluster.Policy));
        foreach (var destination in cluster.Destinations)
        {
            if (unchanged?.Contains((cluster.Name, destination.Name)) == true)
            {
                continue;
            }
            var d = $"{path}.destinations.{destination.Name}";
            yield return new FlatEntity(d, path, $"destination {destination.Name}");
            yield return Setting($"{d}.address", destination.Address.OriginalString);
            yield return Setting($"{d}.weight", Number(destination.Weight));
            yield return Setting($"{d}.capacity", Number(destination.Capacity));
            // Only a YARP config gives destinations their own server names (YARP's destination Host).
            yield return Setting($"{d}.sni", destination.Sni);
        }
        yield return Setting($"{path}.hash.key", cluster.Hash?.Key.ToString());
        yield return Setting($"{path}.hash.balance-factor", Number(cluster.Hash?.BalanceFactor));
        var peakEwma = cluster.Policy == PolicyKind.PeakEwma && cluster.CustomPolicy is null ? cluster.PeakEwma : null;
        yield return Setting($"{path}.peak-ewma.choices", Number(peakEwma?.Choices));
        yield return Setting($"{path}.peak-ewma.parallelism", Number(peakEwma?.Parallelism));
        yield return Setting($"{path}.peak-ewma.cost", peakEwma is null ? null : PeakEwmaConfig.CostName(peakEwma.Cost));
        yield return Setting($"{path}.affinity.mode", Word(cluster.Affinity?.Mode));
        yield return Setting($"{path}.affinity.ttl", Time(cluster.Affinity?.Ttl));
        yield return Setting($"{path}.affinity.failure", Word(cluster.Affinity?.Failure));
        var active = cluster.Health.Active;
        yield return Setting($"{path}.health.active.path", active?.Path);
        yield return Setting($"{path}.health.active.interval", Time(active?.Interval));
        yield return Setting($"{path}.health.active.timeout", Time(active?.Timeout));
        yield return Setting($"{path}.health.active.unhealthy-after", Number(active?.UnhealthyAfter));
        yield return Setting($"{path}.health.active.healthy-after", Number(active?.HealthyAfter));
        var passive = cluster.Health.Passive;
        yield return Setting($"{path}.health.passive.consecutive-failures", Number(passive?.ConsecutiveFailures));
        yield return Setting($"{path}.health.passive.ejection", Time(passive?.Ejection));
        yield return Setting($"{path}.health.passive.max-ejected-percent", Number(passive?.MaxEjectedPercent));
        yield return Setting($"{path}.slow-start", Time(cluster.SlowStart));
        yield return Setting($"{path}.timeouts.connect", Time(cluster.Timeouts.Connect));
        yield return Setting($"{path}.timeouts.request", Time(cluster.Timeouts.Request));
        var http = cluster.HttpRequest;
        yield return Setting($"{path}.http-request.version", http is null ? null : HttpRequestConfig.VersionName(http.Version));
        yield return Setting($"{path}.http-request.version-policy", http is null ? null : HttpRequestConfig.PolicyName(http.VersionPolicy));
    }

    private static IEnumerable<FlatItem> FairnessAndAlerts(FulcrumConfig config)
    {
        var fairness = config.Fairness;
        yield return Setting("fairness.window", Time(fairness.Window));
        yield return Setting("fairness.tolerance", Number(fairness.Tolerance));
        yield return Setting("fairness.min-requests", Number(fairness.MinRequests));
        yield return Setting("fairness.for", Time(fairness.For));
        var alerts = config.Alerts;
        yield return Setting("alerts.error-rate.threshold", Number(alerts.ErrorRate.Threshold));
        yield return Setting("alerts.error-rate.for", Time(alerts.ErrorRate.For));
        yield return Setting("alerts.latency-p99.threshold", Time(alerts.LatencyP99.Threshold));
        yield return Setting("alerts.latency-p99.for", Time(alerts.LatencyP99.For));
        for (var i = 0; i < alerts.Escalation.Count; i++)
        {
            var tier = alerts.Escalation[i];
            var path = $"alerts.escalation[{i}]";
            yield return new FlatEntity(path, "alerts.escalation",
                $"tier {i + 1} (after {Duration.Format(tier.After)}, notify {string.Join(", ", tier.Notify)})");
            yield return Setting($"{path}.after", Time(tier.After));
            yield return Setting($"{path}.notify", List(tier.Notify));
        }
        foreach (var receiver in alerts.Receivers)
        {
            var path = $"alerts.receivers.{receiver.Name}";
            yield return new FlatEntity(path, "alerts.receivers", receiver.Name);
            yield return Setting($"{path}.webhook", receiver.Webhook?.OriginalString);
            yield return Setting($"{path}.alertmanager", receiver.Alertmanager?.OriginalString);
        }
    }

    /// <summary>True when a diff would find nothing in <paramref name="a"/> → <paramref name="b"/>: every value <see cref="Cluster"/> flattens.</summary>
    public static bool SameDestination(DestinationConfig a, DestinationConfig b) =>
        a.Name == b.Name && a.Weight == b.Weight && a.Capacity == b.Capacity && a.Sni == b.Sni
        && string.Equals(a.Address.OriginalString, b.Address.OriginalString, StringComparison.Ordinal);

    private static FlatSetting Setting(string path, string? value) => new(path, value ?? None);

    private static string List(IEnumerable<string> items) => $"[{string.Join(", ", items)}]";

    private static string? Number(double? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Time(TimeSpan? value) => value is { } v ? Duration.Format(v) : null;

    /// <summary>Enum members in the config's spelling: AffinityFailure.Redistribute → "redistribute".</summary>
    private static string? Word<T>(T? value) where T : struct, Enum => value?.ToString().ToLowerInvariant();
}
