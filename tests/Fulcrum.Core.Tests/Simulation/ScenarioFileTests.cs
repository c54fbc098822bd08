using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;
using Xunit.Abstractions;

namespace Fulcrum.Core.Tests.Simulation;

public sealed class ScenarioFileTests(ITestOutputHelper output)
{
    private static string SamplesFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !Directory.Exists(Path.Combine(folder.FullName, "samples", "scenarios")))
        {
            folder = folder.Parent;
        }
        return Path.Combine(folder?.FullName ?? throw new DirectoryNotFoundException("samples/scenarios not found above the test binaries"), "samples", "scenarios");
    }

    [Fact]
    public void A_full_scenario_parses_into_every_setting()
    {
        const string yaml = """
            seed: 9
            requests: 5000
            duration: 30s
            arrivals: { process: fixed, rate: 250 }
            keys: { distribution: zipf, count: 500, exponent: 1.2 }
            cluster:
              name: web
              policy: maglev
              hash: { key: "header:X-User", balance-factor: 1.5 }
              slow-start: 10s
              destinations:
                a: { weight: 2, capacity: 400 }
                b: { weight: 1, address: "http://10.0.0.2:80" }
            defaults: { concurrency: 4, error-time: 3ms }
            backends:
              b:
                service-time: { distribution: lognormal, mean: 20ms, sigma: 0.8 }
                queue-limit: 0
                error-rate: 0.05
              c: { concurrency: unlimited }
            events:
              - { at: 1s, destination: a, slowdown: 2.5 }
              - { at: 2s, destination: b, fail: true }
              - { at: 3s, destination: b, recover: true }
              - { at: 4s, destination: c, add: { weight: 3, service-time: 5ms } }
              - { at: 5s, destination: a, weight: 0 }
              - { at: 6s, destination: c, remove: true }
            """;

        var scenario = ScenarioFile.Parse(yaml, "s.yaml");

        Assert.Equal(9, scenario.Seed);
        Assert.Equal(5000, scenario.Requests);
        Assert.Equal(TimeSpan.FromSeconds(30), scenario.Duration);
        Assert.Equal(ArrivalProcess.FixedRate(250), scenario.Arrivals);
        Assert.Equal(KeyDistribution.Zipf(500, 1.2), scenario.Keys);
        Assert.Equal("web", scenario.Cluster.Name);
        Assert.Equal(PolicyKind.Maglev, scenario.Cluster.Policy);
        Assert.Equal(1.5, scenario.Cluster.Hash!.BalanceFactor);
        Assert.Equal(TimeSpan.FromSeconds(10), scenario.Cluster.SlowStart);
        Assert.Equal([2, 1], scenario.Cluster.Destinations.Select(d => d.Weight));
        Assert.Equal(400, scenario.Cluster.Destinations[0].Capacity);
        Assert.Equal(new Uri("http://10.0.0.2:80"), scenario.Cluster.Destinations[1].Address);
        // a: capacity 400 → 10 servers at 25 ms, then defaults: 4 servers; b: built-in, defaults, then its own block.
        Assert.Equal(new DestinationBehavior { ServiceTime = ServiceTime.Exponential(TimeSpan.FromMilliseconds(25)), Concurrency = 4, ErrorTime = TimeSpan.FromMilliseconds(3) },
            scenario.Behaviors["a"]);
        Assert.Equal(new DestinationBehavior
        {
            ServiceTime = ServiceTime.LogNormal(TimeSpan.FromMilliseconds(20), 0.8),
            Concurrency = 4,
            QueueLimit = 0,
            ErrorRate = 0.05,
            ErrorTime = TimeSpan.FromMilliseconds(3),
        }, scenario.Behaviors["b"]);
        Assert.Equal(
            [ScenarioEventKind.Slowdown, ScenarioEventKind.Fail, ScenarioEventKind.Recover, ScenarioEventKind.Add, ScenarioEventKind.SetWeight, ScenarioEventKind.Remove],
            scenario.Events.Select(e => e.Kind));
        Assert.Equal(2.5, scenario.Events[0].Multiplier);
        var added = scenario.Events[3];
        Assert.Equal(("c", 3), (added.Destination, added.Weight));
        Assert.Equal(new DestinationBehavior { ServiceTime = ServiceTime.Exponential(TimeSpan.FromMilliseconds(5)), Concurrency = null, ErrorTime = TimeSpan.FromMilliseconds(3) },
            added.Behavior);
        Assert.Equal(0, scenario.Events[4].Weight);
    }

    [Fact]
    public void Load_sets_the_rate_from_the_destinations_capacity()
    {
        const string yaml = """
            arrivals: { load: 0.5 }
            cluster:
              policy: round-robin
              destinations:
                a: { capacity: 300 }
                b: {}
                idle: { weight: 0 }
            """;

        var scenario = ScenarioFile.Parse(yaml, "s.yaml");

        // a sustains its declared 300 req/s, b the default 1000, idle takes no traffic and does not count.
        Assert.Equal(ArrivalKind.Poisson, scenario.Arrivals.Kind);
        Assert.Equal(650, scenario.Arrivals.Rate, 2); // service times are whole ticks
        Assert.Equal(ScenarioClusterParser.DefaultName, scenario.Cluster.Name);
    }

    [Fact]
    public void Every_problem_is_reported_with_line_column_and_what_is_allowed()
    {
        const string yaml = """
            requests: many
            arrivals: { process: bursty, rate: -5 }
            cluster:
              policy: fastest
              destinations:
                a: { weight: -1 }
            backends:
              a: { concurrency: 0, service-time: { distribution: pareto } }
              ghost: { concurrency: 1 }
            events:
              - { at: 1s, destination: nobody, fail: true }
              - { at: soon, destination: a, slowdown: 2 }
              - { at: 2s, destination: a, fail: true, remove: true }
            colour: blue
            """;

        var error = Assert.Throws<ConfigException>(() => ScenarioFile.Parse(yaml, "bad.yaml"));
        foreach (var e in error.Errors)
        {
            output.WriteLine(e.ToString());
        }
        var messages = error.Errors.Select(e => e.ToString()).ToArray();

        Assert.Contains("bad.yaml:1:11: requests: expected a whole number of at least 0, not 'many'", messages);
        Assert.Contains(messages, m => m.StartsWith("bad.yaml:2:22: arrivals.process: allowed: poisson, fixed", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("bad.yaml:2:36: arrivals.rate: must be above 0", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("bad.yaml:4:11: cluster.policy: unknown policy; allowed: round-robin", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("bad.yaml:6:18: cluster.destinations.a.weight: must be at least 0", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("bad.yaml:8:21: backends.a.concurrency:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("bad.yaml:8:54: backends.a.service-time.distribution: allowed: constant, exponential, lognormal", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("bad.yaml:9:3: backends.ghost: no destination 'ghost'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("bad.yaml:11:5: events[0]:", StringComparison.Ordinal) && m.Contains("no destination 'nobody'"));
        Assert.Contains(messages, m => m.StartsWith("bad.yaml:12:11: events[1].at: expected a duration", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("bad.yaml:13:5: events[2]: an event needs at:, destination: and exactly one of", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("bad.yaml:14:1: colour: unknown setting", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("cluster: [", "YAML syntax error")]
    [InlineData("- just a list", "expected a mapping")]
    [InlineData("arrivals: { rate: 10 }", "a scenario needs a cluster")]
    [InlineData("arrivals: { rate: 10, load: 0.5 }\ncluster: { destinations: { a: {} } }", "either rate")]
    [InlineData("arrivals: { load: 0.5 }\ncluster: { destinations: { a: {} } }\ndefaults: { concurrency: unlimited }", "load needs a finite capacity")]
    [InlineData("requests: 0\narrivals: { rate: 10 }\ncluster: { destinations: { a: {} } }", "needs a duration")]
    [InlineData("cluster: { destinations: { a: {} } }", "a scenario needs arrivals")]
    public void Broken_files_get_a_clear_error_not_a_crash(string yaml, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ScenarioFile.Parse(yaml, "s.yaml"));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Durations_follow_the_config_grammar()
    {
        const string yaml = """
            arrivals: { rate: 100 }
            duration: 1m30s
            cluster: { destinations: { a: {} } }
            defaults: { service-time: 1ms500us, error-time: 250us }
            """;

        var scenario = ScenarioFile.Parse(yaml, "s.yaml");

        Assert.Equal(TimeSpan.FromSeconds(90), scenario.Duration);
        Assert.Equal(ServiceTime.Exponential(TimeSpan.FromMicroseconds(1500)), scenario.DefaultBehavior.ServiceTime);
        Assert.Equal(TimeSpan.FromMicroseconds(250), scenario.DefaultBehavior.ErrorTime);
    }

    [Fact]
    public void A_huge_duration_is_a_located_error_not_an_overflow()
    {
        const string yaml = """
            arrivals: { rate: 100 }
            cluster: { destinations: { a: {} } }
            events:
              - { at: 3000000000000000000h, destination: a, fail: true }
            """;

        var error = Assert.Single(Assert.Throws<ConfigException>(() => ScenarioFile.Parse(yaml, "s.yaml")).Errors);

        Assert.Equal("s.yaml:4:11: events[0].at: expected a duration like 250us, 10ms, 30s, 5m or 1h: '3000000000000000000h' is longer than the longest allowed duration, 8760h (365 days)",
            error.ToString());
    }

    [Fact]
    public void Scenario_files_share_the_configs_caps()
    {
        var deep = "cluster: " + new string('[', 12_000) + new string(']', 12_000);

        var error = Assert.Single(Assert.Throws<ConfigException>(() => ScenarioFile.Parse(deep, "s.yaml")).Errors);

        Assert.Contains("nests deeper than the limit of 64 levels", error.Message, StringComparison.Ordinal);
        Assert.Equal((1, 73), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void A_key_given_twice_is_reported_where_the_second_one_is()
    {
        const string yaml = "arrivals: { rate: 100 }\nseed: 1\ncluster: { destinations: { a: {} } }\nseed: 2\n";

        var error = Assert.Single(Assert.Throws<ConfigException>(() => ScenarioFile.Parse(yaml, "s.yaml")).Errors);

        Assert.Equal("s.yaml:4:1: seed: duplicate key 'seed': it is already given at line 2; each key may appear once", error.ToString());
    }

    [Fact]
    public void A_missing_file_is_a_config_error_naming_it()
    {
        var error = Assert.Throws<ConfigException>(() => ScenarioFile.Load("/nonexistent/scenario.yaml"));

        Assert.StartsWith("/nonexistent/scenario.yaml:1:1: scenario: cannot read the file", error.Message);
    }

    [Theory]
    [InlineData("slow-destination.yaml")]
    [InlineData("hot-keys.yaml")]
    [InlineData("overload.yaml")]
    [InlineData("heterogeneous.yaml")]
    public void The_sample_scenarios_load_and_run(string file)
    {
        var scenario = ScenarioFile.Load(Path.Combine(SamplesFolder(), file));

        var result = Simulator.Run(scenario with { Requests = 20_000, Duration = null });
        output.WriteLine(SimulationReport.Format(result));

        Assert.Equal(20_000, result.Requests);
    }

    [Fact]
    public void Peak_ewma_settings_of_an_inline_cluster_reach_its_config_and_are_checked()
    {
        var scenario = ScenarioFile.Load(Path.Combine(SamplesFolder(), "heterogeneous.yaml"));

        Assert.Equal(new PeakEwmaConfig(3, 16), scenario.Cluster.PeakEwma);
    }

    [Fact]
    public void Peak_ewma_settings_out_of_range_or_with_another_policy_are_located_errors()
    {
        const string yaml = """
            arrivals: { rate: 100 }
            cluster:
              policy: least-requests
              peak-ewma: { choices: 17, parallelism: 0 }
              destinations: { a: {} }
            """;

        var messages = Assert.Throws<ConfigException>(() => ScenarioFile.Parse(yaml, "bad.yaml")).Errors.Select(e => e.ToString()).ToArray();

        Assert.Contains(messages, m => m.StartsWith("bad.yaml:4:25: cluster.peak-ewma.choices: 17 is too large; at most 16", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("bad.yaml:4:42: cluster.peak-ewma.parallelism:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("cluster.peak-ewma: 'peak-ewma' holds settings of policy peak-ewma, but the policy is least-requests", StringComparison.Ordinal));
    }

    [Fact]
    public void Peak_ewma_cost_of_an_inline_cluster_is_read_and_a_wrong_one_is_a_located_error()
    {
        const string yaml = """
            arrivals: { rate: 100 }
            cluster:
              policy: peak-ewma
              peak-ewma: { parallelism: 8, cost: expected-delay }
              destinations: { a: {} }
            """;

        Assert.Equal(new PeakEwmaConfig(2, 8, PeakEwmaCost.ExpectedDelay), ScenarioFile.Parse(yaml, "s.yaml").Cluster.PeakEwma);
        var error = Assert.Throws<ConfigException>(() => ScenarioFile.Parse(yaml.Replace("expected-delay", "jsq", StringComparison.Ordinal), "bad.yaml"));
        Assert.Contains(error.Errors, e => e.ToString().StartsWith("bad.yaml:4:38: cluster.peak-ewma.cost: 'jsq' is not a peak-ewma cost; use load or expected-delay", StringComparison.Ordinal));
    }
}
