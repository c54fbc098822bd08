namespace Fulcrum.Tests.Cli;

/// <summary><c>fulcrum simulate</c> through the real executable.</summary>
public sealed class SimulateCommandTests : IDisposable
{
    private readonly CliTempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Every_cluster_gets_a_table_with_each_destination_and_its_shares()
    {
        var result = await dir.RunAsync("simulate", "-c", dir.SamplePath, "--requests", "6000", "--seed", "7");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("cluster web (round-robin), seed 7: 6,000 requests", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("cluster api (maglev), seed 7: 6,000 requests", result.Stdout, StringComparison.Ordinal);
        foreach (var destination in new[] { "web-1", "web-2", "web-3", "api-1", "api-2" })
        {
            Assert.Single(result.Stdout.Split('\n'), l => l.StartsWith(destination + " ", StringComparison.Ordinal));
        }
        // Round-robin over equal weights: each gets a third, exactly as expected.
        var web1 = result.Stdout.Split('\n').Single(l => l.StartsWith("web-1 ", StringComparison.Ordinal));
        Assert.Equal(["web-1", "1", "33.3%", "33.3%", "2,000"], web1.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..5]);
    }

    [Fact]
    public async Task The_same_seed_prints_the_same_prediction_and_another_seed_another()
    {
        var first = await dir.RunAsync("simulate", "--requests", "3000", "--seed", "3", "--cluster", "api");
        var again = await dir.RunAsync("simulate", "--requests", "3000", "--seed", "3", "--cluster", "api");
        var other = await dir.RunAsync("simulate", "--requests", "3000", "--seed", "4", "--cluster", "api");

        Assert.Equal(first.Stdout, again.Stdout);
        Assert.NotEqual(first.Stdout.Replace("seed 3", "seed 4", StringComparison.Ordinal), other.Stdout);
    }

    [Fact]
    public async Task Cluster_limits_the_run_to_one_cluster_and_an_unknown_one_exits_2()
    {
        var one = await dir.RunAsync("simulate", "--cluster", "api", "--requests", "2000");
        var unknown = await dir.RunAsync("simulate", "--cluster", "nope");

        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Contains("cluster api", one.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("cluster web", one.Stdout, StringComparison.Ordinal);
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("no cluster 'nope'", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("web, api", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_file_runs_with_its_events_and_the_command_line_overrides_requests()
    {
        var scenario = CliRunner.RepoFile("samples/scenarios/slow-destination.yaml");

        var result = await dir.RunAsync("simulate", "--scenario", scenario, "--requests", "5000");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("5,000 requests", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("destination", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_scenario_exits_2_with_file_line_and_column()
    {
        var path = dir.Write("bad-scenario.yaml", "seed: 1\nrequests: lots\ncluster:\n  policy: round-robin\n  destinations:\n    a: { address: http://a:1 }\n");

        var result = await dir.RunAsync("simulate", "--scenario", path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{path}:2:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("requests", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_config_exits_2()
    {
        var path = dir.Write("bad.yaml", "clusters: 3\n");

        var result = await dir.RunAsync("simulate", "-c", path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("bad.yaml:1:", result.Stderr, StringComparison.Ordinal);
    }
}
