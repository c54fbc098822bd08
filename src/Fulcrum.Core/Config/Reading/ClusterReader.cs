using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary><c>clusters: { NAME: { policy, destinations, hash, peak-ewma, affinity, health, slow-start, timeouts, retries, tls, http-request } }</c>.</summary>
internal static class ClusterReader
{
    private const string Example = "e.g. clusters: { web: { destinations: { a: { address: http://127.0.0.1:9001 } } } }";

    public static IReadOnlyList<ClusterConfig> Read(ReadContext ctx, ConfigNode? node, ConfigNode root, string baseDirectory)
    {
        if (node is null)
        {
            ctx.Error(root, "clusters", $"'clusters' is required: a mapping of cluster names to their destinations, {Example}");
            return [];
        }
        var entries = ctx.NamedMap(node, "clusters", "cluster", ctx.Limits.MaxClusters, "ConfigLimits.MaxClusters");
        if (node is MapNode { Entries.Count: 0 })
        {
            ctx.Error(node, "clusters", $"no clusters; define at least one, {Example}");
        }
        var clusters = new List<ClusterConfig>();
        foreach (var entry in entries)
        {
            if (ReadCluster(ctx, entry.Key.Value, entry.Value, baseDirectory) is { } cluster)
            {
                clusters.Add(cluster);
            }
        }
        return clusters;
    }

    private static ClusterConfig? ReadCluster(ReadContext ctx, string name, ConfigNode node, string baseDirectory)
    {
        var path = $"clusters.{name}";
        if (ctx.Map(node, path, ConfigKeys.Cluster) is not { } map)
        {
            return null;
        }
        var policy = ReadPolicy(map);
        var destinations = DestinationReader.Read(map);
        var hash = HashReader.Read(map);
        CheckHashMatchesPolicy(map, policy);
        var peakEwma = PeakEwmaReader.Read(map, policy);
        var timeouts = ReadTimeouts(map);
        return new ClusterConfig
        {
            Name = name,
            Policy = policy ?? PolicyKind.RoundRobin,
            Destinations = destinations,
            Hash = hash,
            PeakEwma = peakEwma,
            Affinity = AffinityReader.Read(map),
            Health = HealthReader.Read(map),
            SlowStart = ReadSlowStart(map, policy),
            Timeouts = timeouts,
            Retries = RetryReader.Read(map, timeouts.Request),
            Tls = BackendTlsReader.Read(map, baseDirectory, destinations),
            HttpRequest = HttpRequestReader.Read(map),
        };
    }

    private static PolicyKind? ReadPolicy(MapReader map)
    {
        if (map["policy"] is null)
        {
            return PolicyKind.RoundRobin;
        }
        return map.Choice("policy", Policies.AllNames.ToArray()) is { } text && Policies.TryParse(text, out var kind) ? kind : null;
    }

    /// <summary>Hash settings only mean something to hash policies, and hash policies are useless without a key.</summary>
    private static void CheckHashMatchesPolicy(MapReader map, PolicyKind? policy)
    {
        if (policy is not { } kind)
        {
            return;
        }
        var hashPolicies = string.Join(" or ", Policies.AllNames.Where(n => Policies.TryParse(n, out var k) && Policies.IsHashing(k)));
        if (map["hash"] is not null && !Policies.IsHashing(kind))
        {
            map.Fail("hash", $"'hash' applies only to the hash policies ({hashPolicies}), but the policy is {Policies.Name(kind)}; remove 'hash' or change the policy");
        }
        if (Policies.IsHashing(kind) && map["hash"] is null)
        {
            map.Fail("policy", $"policy {Policies.Name(kind)} needs hash.key to know what to hash: {HashReader.AllowedKeys}, e.g. hash: {{ key: \"header:X-User-Id\" }}");
        }
    }

    /// <summary>
    /// first-available always takes the first eligible destination: it never reads the ramped weight, so a slow-start
    /// there would be accepted and never applied (a recovered first destination gets all the traffic at once).
    /// </summary>
    public const string FirstAvailableSlowStartMessage =
        "'slow-start' has no effect with policy first-available: it sends every request to the first eligible destination " +
        "and never reads the ramped weight, so a recovered destination gets all the traffic at once. Remove 'slow-start', " +
        "or use a policy that shares the load (round-robin, least-requests, ...)";

    private static TimeSpan? ReadSlowStart(MapReader map, PolicyKind? policy)
    {
        var slowStart = map.Duration("slow-start");
        if (slowStart is not null && policy == PolicyKind.FirstAvailable)
        {
            map.Fail("slow-start", FirstAvailableSlowStartMessage);
            return null;
        }
        return slowStart;
    }

    private static TimeoutsConfig ReadTimeouts(MapReader cluster) =>
        cluster.Section("timeouts", ConfigKeys.Timeouts) is { } map
            ? new TimeoutsConfig(map.Duration("connect"), map.Duration("request"))
            : TimeoutsConfig.None;
}
