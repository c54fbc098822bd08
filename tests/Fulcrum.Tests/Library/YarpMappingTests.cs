using Fulcrum.Core.Config;
using Fulcrum.Proxy;
using Fulcrum.Tests.Deploy;

namespace Fulcrum.Tests.Library;

/// <summary>The executable maps fulcrum.yaml onto YARP with settings in metadata; the runtime reads them back: nothing may be lost.</summary>
public sealed class YarpMappingTests
{
    public static TheoryData<string> Samples() =>
    [
        "samples/fulcrum.yaml",
        "samples/embedded/fulcrum.yaml",
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_cluster_setting_survives_the_trip_through_YARP_metadata(string sample)
    {
        var config = ConfigLoader.LoadFile(Path.Combine(RepositoryRoot.Path, sample));
        var problems = new List<YarpConfigReader.Problem>();

        var readBack = YarpConfigReader.Clusters(YarpConfigMapper.Clusters(config), problems);

        Assert.Empty(problems);
        Assert.Equal(config.Clusters.Count, readBack.Count);
        foreach (var (original, back) in config.Clusters.Zip(readBack))
        {
            // Records compare by value, except their lists: compare those item by item.
            Assert.Equal(original with { Destinations = [] }, back with { Destinations = [] });
            Assert.Equal(original.Destinations, back.Destinations);
        }
    }

    [Theory]
    [InlineData("{ attempts: 2, budget: 30%, per-try-timeout: 2s, methods: safe, retry-on: [reset, gateway-error] }")]
    [InlineData("{ attempts: 1 }")]
    public void Retry_settings_survive_the_trip_through_YARP_metadata(string retries)
    {
        var config = ConfigLoader.Parse(
            $"routes: [{{ name: all, match: {{ path: \"/{{{{**rest}}}}\" }}, cluster: web }}]\n"
            + $"clusters: {{ web: {{ destinations: {{ a: {{ address: http://127.0.0.1:9001 }} }}, retries: {retries} }} }}",
            "fulcrum.yaml");
        var problems = new List<YarpConfigReader.Problem>();

        var back = YarpConfigReader.Clusters(YarpConfigMapper.Clusters(config), problems).Single();

        Assert.Empty(problems);
        Assert.Equal(config.Clusters.Single().Retries, back.Retries);
    }

    // The trip once lost these: the live proxy ran peak-ewma's defaults while `fulcrum simulate` used the settings,
    // and the heterogeneous load bench measured the defaults (bench/RESULTS.md, branch hetero4).
    [Theory]
    [InlineData("{ choices: 3, parallelism: 16 }", 3, 16)]
    [InlineData("{ parallelism: 8 }", 2, 8)]
    [InlineData("{ choices: 4 }", 4, 1)]
    [InlineData("{ choices: 3, parallelism: 8, cost: expected-delay }", 3, 8, PeakEwmaCost.ExpectedDelay)]
    public void Peak_ewma_settings_survive_the_trip_through_YARP_metadata(string settings, int choices, int parallelism, PeakEwmaCost cost = PeakEwmaCost.Load)
    {
        var config = ConfigLoader.Parse(
            "routes: [{ name: all, match: { path: \"/{**rest}\" }, cluster: web }]\n"
            + $"clusters: {{ web: {{ policy: peak-ewma, peak-ewma: {settings}, destinations: {{ a: {{ address: http://127.0.0.1:9001 }} }} }} }}",
            "fulcrum.yaml");
        var problems = new List<YarpConfigReader.Problem>();

        var back = YarpConfigReader.Clusters(YarpConfigMapper.Clusters(config), problems).Single();

        Assert.Empty(problems);
        Assert.Equal(new PeakEwmaConfig(choices, parallelism, cost), back.PeakEwma);
        Assert.Equal(config.Clusters.Single() with { Destinations = [] }, back with { Destinations = [] });
    }

    [Theory]
    [InlineData("fulcrum.peakewma", "1", null, "Fulcrum.PeakEwma.Choices")]
    [InlineData("fulcrum.peakewma", null, "0", "Fulcrum.PeakEwma.Parallelism")]
    [InlineData("fulcrum.peakewma", "17", null, "Fulcrum.PeakEwma.Choices")]
    [InlineData("fulcrum.leastrequests", null, "16", "Fulcrum.PeakEwma.Parallelism")]
    [InlineData("fulcrum.peakewma", null, null, "Fulcrum.PeakEwma.Cost", "shortest-queue")]
    [InlineData("fulcrum.leastrequests", null, null, "Fulcrum.PeakEwma.Cost", "expected-delay")]
    public void Bad_or_misplaced_peak_ewma_metadata_is_a_problem_and_reads_as_the_defaults(string policy, string? choices, string? parallelism, string key, string? cost = null)
    {
        var metadata = new Dictionary<string, string>();
        if (cost is not null)
        {
            metadata[FulcrumMetadata.PeakEwmaCost] = cost;
        }
        if (choices is not null)
        {
            metadata[FulcrumMetadata.PeakEwmaChoices] = choices;
        }
        if (parallelism is not null)
        {
            metadata[FulcrumMetadata.PeakEwmaParallelism] = parallelism;
        }
        var cluster = new Yarp.ReverseProxy.Configuration.ClusterConfig { ClusterId = "web", LoadBalancingPolicy = policy, Metadata = metadata };
        var problems = new List<YarpConfigReader.Problem>();

        var read = YarpConfigReader.Cluster(cluster, problems);

        Assert.Equal(PeakEwmaConfig.Default, read.PeakEwma);
        Assert.Equal($"ReverseProxy:Clusters:web:Metadata:{key}", Assert.Single(problems).Path);
    }

    [Fact]
    public void Http_request_goes_to_YARPs_own_HttpRequest_with_the_request_timeout_and_survives_the_trip()
    {
        var config = ConfigLoader.Parse(
            "routes: [{ name: all, match: { path: \"/{**rest}\" }, cluster: grpc }]\n"
            + "clusters: { grpc: { destinations: { a: { address: http://127.0.0.1:50051 } }, timeouts: { request: 30s }, "
            + "http-request: { version: \"2\", version-policy: exact } } }",
            "fulcrum.yaml");
        var problems = new List<YarpConfigReader.Problem>();

        var yarp = YarpConfigMapper.Clusters(config).Single();
        var back = YarpConfigReader.Clusters([yarp], problems).Single();

        Assert.Equal(System.Net.HttpVersion.Version20, yarp.HttpRequest!.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionExact, yarp.HttpRequest.VersionPolicy);
        Assert.Equal(TimeSpan.FromSeconds(30), yarp.HttpRequest.ActivityTimeout);
        Assert.Empty(problems);
        Assert.Equal(config.Clusters.Single().HttpRequest, back.HttpRequest);
        Assert.Equal(TimeSpan.FromSeconds(30), back.Timeouts.Request);
    }

    [Fact]
    public void Without_http_request_YARPs_defaults_are_left_alone()
    {
        var config = ConfigLoader.Parse(
            "routes: [{ name: all, match: { path: \"/{**rest}\" }, cluster: web }]\n"
            + "clusters: { web: { destinations: { a: { address: http://127.0.0.1:9001 } } } }",
            "fulcrum.yaml");

        Assert.Null(YarpConfigMapper.Clusters(config).Single().HttpRequest);
    }

    [Fact]
    public void An_embedding_apps_HttpRequest_version_is_read_as_http_request()
    {
        var cluster = new Yarp.ReverseProxy.Configuration.ClusterConfig
        {
            ClusterId = "grpc",
            LoadBalancingPolicy = "Fulcrum.RoundRobin",
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { VersionPolicy = HttpVersionPolicy.RequestVersionExact },
            Destinations = new Dictionary<string, Yarp.ReverseProxy.Configuration.DestinationConfig> { ["a"] = new() { Address = "http://127.0.0.1:50051" } },
        };

        var back = YarpConfigReader.Clusters([cluster], []).Single();

        Assert.Equal(new HttpRequestConfig(System.Net.HttpVersion.Version20, HttpVersionPolicy.RequestVersionExact), back.HttpRequest);
    }

    [Fact]
    public void Routes_keep_their_name_path_hosts_and_cluster()
    {
        var config = ConfigLoader.LoadFile(Path.Combine(RepositoryRoot.Path, "samples/fulcrum.yaml"));

        var readBack = YarpConfigReader.Routes(YarpConfigMapper.Routes(config));

        Assert.Equal(config.Routes.Select(r => (r.Name, r.Match.Path, string.Join(",", r.Match.Hosts), r.Cluster)),
            readBack.Select(r => (r.Name, r.Match.Path, string.Join(",", r.Match.Hosts), r.Cluster)));
    }

    [Fact]
    public void Bad_metadata_values_are_problems_named_by_their_configuration_path_and_fall_back_to_defaults()
    {
        var cluster = new Yarp.ReverseProxy.Configuration.ClusterConfig
        {
            ClusterId = "web",
            LoadBalancingPolicy = "fulcrum.leastrequests",
            Metadata = new Dictionary<string, string>
            {
                [FulcrumMetadata.SlowStart] = "soon",
                [FulcrumMetadata.PassiveConsecutiveFailures] = "3",
                [FulcrumMetadata.PassiveMaxEjectedPercent] = "150",
            },
            Destinations = new Dictionary<string, Yarp.ReverseProxy.Configuration.DestinationConfig>
            {
                ["a"] = new() { Address = "http://127.0.0.1:1", Metadata = new Dictionary<string, string> { [FulcrumMetadata.Weight] = "-1" } },
                ["b"] = new() { Address = "not a url" },
            },
        };
        var problems = new List<YarpConfigReader.Problem>();

        var read = YarpConfigReader.Cluster(cluster, problems);

        Assert.Equal(PolicyKind.LeastRequests, read.Policy);
        Assert.Null(read.SlowStart);
        Assert.Equal(50, read.Health.Passive!.MaxEjectedPercent);
        Assert.Equal(1, read.Destinations.Single().Weight);
        Assert.Equal(
            [
                "ReverseProxy:Clusters:web:Destinations:a:Metadata:Fulcrum.Weight",
                "ReverseProxy:Clusters:web:Destinations:b:Address",
                "ReverseProxy:Clusters:web:Metadata:Fulcrum.Passive.MaxEjectedPercent",
                "ReverseProxy:Clusters:web:Metadata:Fulcrum.SlowStart",
            ],
            problems.Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Fulcrum.RoundRobin", true)]
    [InlineData("fulcrum.peakewma", true)]
    [InlineData("RoundRobin", false)]
    [InlineData("Random", false)]
    [InlineData("Fulcrum.", false)]
    [InlineData("Fulcrum.7", false)]
    [InlineData("Fulcrum.Nope", false)]
    [InlineData(null, false)]
    public void Only_Fulcrum_policy_names_make_a_cluster_Fulcrums(string? name, bool expected) =>
        Assert.Equal(expected, YarpConfigReader.IsFulcrumPolicy(name));
}
