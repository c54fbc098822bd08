using System.Reflection;
using Fulcrum.Core.Config;
using Fulcrum.Proxy;

namespace Fulcrum.Tests.Library.RoundTrip;

/// <summary>
/// <c>fulcrum run</c> maps fulcrum.yaml onto YARP (<see cref="YarpConfigMapper"/>) and the live proxy reads Fulcrum's
/// view back (<see cref="YarpConfigReader"/>); <c>fulcrum simulate</c> and the audit judge the YAML model. A setting
/// lost on the way makes the audit judge what does not serve (peak-ewma's settings once were), so every setting of
/// every generated config must come back as written, field by field.
/// </summary>
public sealed class YarpRoundTripTests
{
    private const int Seeds = 200;

    /// <summary>
    /// Properties of the records below that deliberately are not compared after the trip, each with the reason.
    /// Everything else must be compared by <see cref="ConfigDiff"/> (and, for cluster settings, varied by the generator).
    /// </summary>
    private const string OwnSetting = "Fulcrum's own setting (appsettings: the Fulcrum section), never YARP";

    private static readonly Dictionary<string, string> NotThroughYarp = new(StringComparer.Ordinal)
    {
        ["ClusterConfig.CustomPolicy"] = "an app's registered policy object: the mapper writes its name as LoadBalancingPolicy and only that app's registry turns it back (BalancingPolicyRegistry tests)",
        ["ClusterConfig.PolicyName"] = "derived from Policy and CustomPolicy",
        ["ForwardedConfig.TrustedProxies"] = "Kestrel's forwarded-headers middleware reads it from FulcrumConfig, never YARP",
        ["FulcrumConfig.Listen"] = "listener level: Kestrel endpoints, bound from FulcrumConfig, not YARP",
        ["FulcrumConfig.Listeners"] = "listener level: Kestrel endpoints, TLS and HTTP/2, bound from FulcrumConfig, not YARP",
        ["FulcrumConfig.Limits"] = "listener level: Kestrel limits, set from FulcrumConfig, not YARP",
        ["FulcrumConfig.Admin"] = OwnSetting,
        ["FulcrumConfig.Fairness"] = OwnSetting,
        ["FulcrumConfig.Alerts"] = OwnSetting,
        ["FulcrumConfig.Journal"] = OwnSetting,
        ["FulcrumConfig.Fleet"] = "Fulcrum's own setting, never YARP",
        ["FulcrumConfig.Audit"] = OwnSetting,
        ["FulcrumConfig.Source"] = "where settings were written, not a setting",
    };

    /// <summary>Fields that name things rather than set them: compared, but the generator has no default to move them from.</summary>
    private static readonly HashSet<string> Identities = new(StringComparer.Ordinal)
    {
        "ClusterConfig.Name", "ClusterConfig.Destinations", "DestinationConfig.Name", "DestinationConfig.Address",
    };

    public static TheoryData<int> SeedBlocks() => [0, 1, 2, 3];

    [Theory]
    [MemberData(nameof(SeedBlocks))]
    public void Every_cluster_destination_and_route_setting_survives_YAML_to_YARP_to_Fulcrum(int block)
    {
        var failures = new List<string>();
        for (var seed = block * Seeds / 4; seed < (block + 1) * Seeds / 4; seed++)
        {
            var config = new RandomYamlConfig(seed).Next();
            var problems = new List<YarpConfigReader.Problem>();

            var clusters = YarpConfigReader.Clusters(YarpConfigMapper.Clusters(config), problems);
            var yarpRoutes = YarpConfigMapper.Routes(config);
            var routes = YarpConfigReader.Routes(yarpRoutes);

            var diff = new ConfigDiff();
            diff.Clusters(config.Clusters, clusters);
            diff.Routes(config.Routes, routes);
            foreach (var route in yarpRoutes)
            {
                diff.Forwarded(config.Forwarded, ForwardedRouteReader.Read(route));
            }
            failures.AddRange(problems.Select(p => $"seed {seed}: reader problem {p.Path}: {p.Message}"));
            failures.AddRange(diff.Differences.Select(d => $"seed {seed}: {d}"));
            // The records' own equality as a second opinion, for anything the hand-written comparison might skip.
            foreach (var (original, back) in config.Clusters.Zip(clusters))
            {
                if (original with { Destinations = [] } != back with { Destinations = [] } || !original.Destinations.SequenceEqual(back.Destinations))
                {
                    failures.Add($"seed {seed}: cluster {original.Name} differs by record equality:\n  wrote {original}\n  read  {back}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    /// <summary>
    /// YARP lets each destination carry its own Host, which .NET sends as the server name. Fulcrum's view once kept
    /// a Host only when all destinations shared one, so per-destination names vanished from the audit and the
    /// journal's diff. Now the view keeps each, and maps back to the very same Hosts.
    /// </summary>
    [Theory]
    [InlineData("a.internal", "b.internal", "c.internal")]
    [InlineData("a.internal", null, "a.internal")]
    [InlineData(null, "b.internal", null)]
    [InlineData("same.internal", "same.internal", "same.internal")]
    [InlineData(null, null, null)]
    public void Per_destination_hosts_survive_YARP_to_Fulcrum_to_YARP(string? a, string? b, string? c)
    {
        var hosts = new Dictionary<string, string?> { ["a"] = a, ["b"] = b, ["c"] = c };
        var yarp = new Yarp.ReverseProxy.Configuration.ClusterConfig
        {
            ClusterId = "web",
            LoadBalancingPolicy = "Fulcrum.RoundRobin",
            Destinations = hosts.ToDictionary(h => h.Key, h => new Yarp.ReverseProxy.Configuration.DestinationConfig
            {
                Address = $"https://10.0.0.{h.Key[0] - 'a' + 1}:8443/", Host = h.Value,
            }),
        };
        var problems = new List<YarpConfigReader.Problem>();

        var view = YarpConfigReader.Clusters([yarp], problems);
        var back = YarpConfigMapper.Clusters(new FulcrumConfig
        {
            Listen = [], Admin = AdminConfig.Default, Routes = [], Clusters = view,
            Fairness = FairnessConfig.Default, Alerts = AlertsConfig.Default, Journal = new JournalConfig(JournalConfig.DefaultPath),
        }).Single();

        Assert.Empty(problems);
        Assert.Equal(hosts, back.Destinations!.ToDictionary(d => d.Key, d => d.Value.Host));
        var shared = a is not null && a == b && b == c;
        Assert.Equal(shared ? a : null, view[0].Tls?.Sni);
        Assert.All(view[0].Destinations, d => Assert.Equal(shared ? null : hosts[d.Name], d.Sni));
    }

    [Fact]
    public void The_generator_moves_every_cluster_setting_off_its_default()
    {
        var diff = new ConfigDiff();
        for (var seed = 0; seed < Seeds; seed++)
        {
            var random = new RandomYamlConfig(seed);
            var config = random.Next();
            foreach (var cluster in config.Clusters)
            {
                // The cluster as it is when fulcrum.yaml gives only its destinations' addresses.
                diff.Cluster(cluster, new ClusterConfig
                {
                    Name = cluster.Name,
                    Destinations = [.. cluster.Destinations.Select(d => new DestinationConfig(d.Name, d.Address))],
                });
            }
            diff.Forwarded(config.Forwarded, ForwardedConfig.Default);
        }

        var compared = diff.Fields.Where(f => !f.StartsWith("Route", StringComparison.Ordinal) && !f.StartsWith("FulcrumConfig.", StringComparison.Ordinal));
        var neverVaried = compared.Except(diff.DifferingFields).Except(Identities).Where(f => !IsParent(f)).Order().ToArray();
        Assert.True(neverVaried.Length == 0, $"the generator leaves these at their defaults in all {Seeds} seeds: {string.Join(", ", neverVaried)}");
    }

    [Fact]
    public void Every_property_of_the_config_records_is_compared_after_the_trip_or_allow_listed_with_a_reason()
    {
        var diff = new ConfigDiff();
        var config = new RandomYamlConfig(0).Next();
        diff.Clusters(config.Clusters, config.Clusters);
        diff.Routes(config.Routes, config.Routes);
        diff.Forwarded(config.Forwarded, config.Forwarded);
        var covered = diff.Fields.Concat(["FulcrumConfig.Clusters", "FulcrumConfig.Routes", "FulcrumConfig.Forwarded"]).ToHashSet(StringComparer.Ordinal);

        var properties = RecordProperties(typeof(FulcrumConfig)).ToArray();
        var missing = properties.Where(p => !covered.Contains(p) && !NotThroughYarp.ContainsKey(p)).ToArray();
        var stale = NotThroughYarp.Keys.Where(k => !properties.Contains(k)).ToArray();

        Assert.True(missing.Length == 0,
            $"new config properties neither compared after the YAML -> YARP -> Fulcrum trip (RandomYamlConfig, ConfigDiff) nor allow-listed with a reason: {string.Join(", ", missing)}");
        Assert.True(stale.Length == 0, $"allow-listed properties that no longer exist: {string.Join(", ", stale)}");
    }

    [Fact]
    public void Every_metadata_key_the_mapper_writes_is_listed_and_documented()
    {
        var docs = File.ReadAllText(Path.Combine(Deploy.RepositoryRoot.Path, "docs", "embedding.md"));
        var written = new SortedSet<string>(StringComparer.Ordinal);
        for (var seed = 0; seed < Seeds; seed++)
        {
            var config = new RandomYamlConfig(seed).Next();
            foreach (var cluster in YarpConfigMapper.Clusters(config))
            {
                written.UnionWith(cluster.Metadata?.Keys ?? []);
                written.UnionWith(cluster.Destinations!.Values.SelectMany(d => d.Metadata?.Keys ?? []));
            }
            written.UnionWith(YarpConfigMapper.Routes(config).SelectMany(r => r.Metadata?.Keys ?? []));
        }
        var listed = FulcrumMetadata.ClusterKeys.Concat(FulcrumMetadata.DestinationKeys).Concat(FulcrumMetadata.RouteKeys).ToHashSet(StringComparer.Ordinal);

        Assert.DoesNotContain(written, key => !listed.Contains(key));
        Assert.DoesNotContain(listed, key => !docs.Contains($"| `{key}` |", StringComparison.Ordinal));
    }

    // Presence markers (null or not) of optional records: the leaves under them carry the variation.
    private static bool IsParent(string field) => field is "ClusterConfig.Health" or "ClusterConfig.Timeouts" or "ClusterConfig.PeakEwma" or "HashConfig.Key";

    /// <summary>
    /// <c>Record.Property</c> for every public property of the config records reachable from <paramref name="root"/>
    /// (through properties and list elements), stopping at the cluster/route/listener settings' own types.
    /// </summary>
    private static IEnumerable<string> RecordProperties(Type root)
    {
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>([root]);
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                yield return $"{type.Name}.{property.Name}";
                var key = $"{type.Name}.{property.Name}";
                if (NotThroughYarp.ContainsKey(key))
                {
                    continue;
                }
                var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
                {
                    propertyType = propertyType.GetGenericArguments()[0];
                }
                if (propertyType.IsClass && propertyType.Namespace == typeof(FulcrumConfig).Namespace)
                {
                    pending.Enqueue(propertyType);
                }
            }
        }
    }
}
