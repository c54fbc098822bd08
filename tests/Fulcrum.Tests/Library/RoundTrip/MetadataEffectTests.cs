using Fulcrum.Proxy;
using YarpCluster = Yarp.ReverseProxy.Configuration.ClusterConfig;
using YarpDestination = Yarp.ReverseProxy.Configuration.DestinationConfig;

namespace Fulcrum.Tests.Library.RoundTrip;

/// <summary>
/// Every Fulcrum metadata key, set alone on a plain <c>Fulcrum.RoundRobin</c> cluster, either changes Fulcrum's
/// reading of the cluster (what the live proxy runs, see <see cref="YarpRoundTripTests"/>) or is reported as a
/// problem (logged in the app, an invalid config for <c>fulcrum audit</c>). Accepted and ignored is the one outcome
/// not allowed: that is how a typo or a setting of another policy used to leave its default in force unseen.
/// </summary>
public sealed class MetadataEffectTests
{
    /// <summary>A valid value for each key; the test fails for a key added to <see cref="FulcrumMetadata"/> without one.</summary>
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        [FulcrumMetadata.SlowStart] = "30s",
        [FulcrumMetadata.HashKey] = "header:X-User",
        [FulcrumMetadata.HashBalanceFactor] = "1.5",
        [FulcrumMetadata.PeakEwmaChoices] = "3",
        [FulcrumMetadata.PeakEwmaParallelism] = "4",
        [FulcrumMetadata.PeakEwmaCost] = "expected-delay",
        [FulcrumMetadata.PassiveConsecutiveFailures] = "3",
        [FulcrumMetadata.PassiveEjection] = "10s",
        [FulcrumMetadata.PassiveMaxEjectedPercent] = "20",
        [FulcrumMetadata.ActiveUnhealthyAfter] = "4",
        [FulcrumMetadata.ActiveHealthyAfter] = "3",
        [FulcrumMetadata.ConnectTimeout] = "2s",
        [FulcrumMetadata.RetryAttempts] = "2",
        [FulcrumMetadata.RetryBudget] = "0.1",
        [FulcrumMetadata.RetryPerTryTimeout] = "1s",
        [FulcrumMetadata.RetryMethods] = "safe",
        [FulcrumMetadata.RetryOn] = "5xx",
        [FulcrumMetadata.TlsCa] = "/etc/fulcrum/ca.pem",
        [FulcrumMetadata.TlsClientCert] = "/etc/fulcrum/client.pem",
        [FulcrumMetadata.TlsClientKey] = "/etc/fulcrum/client.key",
        [FulcrumMetadata.Weight] = "3",
        [FulcrumMetadata.Capacity] = "100",
        ["Fulcrum.Bogus"] = "1",
    };

    public static TheoryData<string, string> ClusterCases() => Cases(FulcrumMetadata.ClusterKeys.Append("Fulcrum.Bogus"), ["http", "https"]);

    public static TheoryData<string, string> DestinationCases() => Cases(FulcrumMetadata.DestinationKeys.Append("Fulcrum.Bogus"), ["http"]);

    [Theory]
    [MemberData(nameof(ClusterCases))]
    public void A_cluster_key_set_alone_changes_the_reading_or_is_a_problem(string key, string scheme)
    {
        var (baseline, _) = Read(scheme, cluster: null, destination: null);
        var (changed, problems) = Read(scheme, cluster: new() { [key] = Values[key] }, destination: null);

        Assert.True(Differs(baseline, changed) || problems.Count > 0, $"{key}={Values[key]} on an {scheme}:// cluster was accepted and changed nothing");
    }

    [Theory]
    [MemberData(nameof(DestinationCases))]
    public void A_destination_key_set_alone_changes_the_reading_or_is_a_problem(string key, string scheme)
    {
        var (baseline, _) = Read(scheme, cluster: null, destination: null);
        var (changed, problems) = Read(scheme, cluster: null, destination: new() { [key] = Values[key] });

        Assert.True(Differs(baseline, changed) || problems.Count > 0, $"{key}={Values[key]} on a destination was accepted and changed nothing");
    }

    [Fact]
    public void Every_key_has_a_value_to_try()
    {
        var missing = FulcrumMetadata.ClusterKeys.Concat(FulcrumMetadata.DestinationKeys).Where(k => !Values.ContainsKey(k)).ToArray();

        Assert.True(missing.Length == 0, $"add a valid value for: {string.Join(", ", missing)}");
    }

    private static TheoryData<string, string> Cases(IEnumerable<string> keys, string[] schemes)
    {
        var data = new TheoryData<string, string>();
        foreach (var key in keys)
        {
            foreach (var scheme in schemes)
            {
                data.Add(key, scheme);
            }
        }
        return data;
    }

    private static (Core.Config.ClusterConfig Cluster, List<YarpConfigReader.Problem> Problems) Read(
        string scheme, Dictionary<string, string>? cluster, Dictionary<string, string>? destination)
    {
        var problems = new List<YarpConfigReader.Problem>();
        var yarp = new YarpCluster
        {
            ClusterId = "web",
            LoadBalancingPolicy = "Fulcrum.RoundRobin",
            Metadata = cluster,
            Destinations = new Dictionary<string, YarpDestination>
            {
                ["a"] = new() { Address = $"{scheme}://10.0.0.1:8080/", Metadata = destination },
                ["b"] = new() { Address = $"{scheme}://10.0.0.2:8080/" },
            },
        };
        return (YarpConfigReader.Clusters([yarp], problems).Single(), problems);
    }

    private static bool Differs(Core.Config.ClusterConfig a, Core.Config.ClusterConfig b) =>
        a with { Destinations = [] } != b with { Destinations = [] } || !a.Destinations.SequenceEqual(b.Destinations);
}
