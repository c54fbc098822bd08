using System.Diagnostics;
using System.Text.RegularExpressions;
using Fulcrum.Tests.Support;
using Fulcrum.TestBackends;
using Xunit.Abstractions;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>The real executable: the demo comes up fast, SIGTERM drains, bad configs exit with the contract's codes.</summary>
public sealed partial class ProcessLifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Demo_starts_and_answers_through_the_proxy()
    {
        // The demo's own default is 127.0.0.1:8080; tests never take fixed ports, so it binds free ones here.
        var clock = Stopwatch.StartNew();
        await using var demo = FulcrumProcess.Start("demo", "--listen", "http://127.0.0.1:0", "--admin", "http://127.0.0.1:0", "--rate", "5");
        var text = await demo.WaitForOutputAsync("fulcrum: proxy on", TimeSpan.FromSeconds(60));
        var proxy = ProxyAddress().Match(text).Groups[1].Value;
        using var client = new HttpClient();
        using var response = await client.GetAsync(proxy);
        clock.Stop();

        output.WriteLine($"demo answered {(int)response.StatusCode} from {response.Headers.GetValues("X-Backend").Single()} after {clock.Elapsed.TotalSeconds:0.00} s");
        // How fast it starts is measured in bench/ (the unit suites assert no timings); here it must just come up.
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Sigterm_while_the_demo_starts_its_proxy_stops_the_demo()
    {
        // The demo starts its three backends, then the proxy. A SIGTERM in between used to be taken by the backends'
        // hosts alone (each cancels the signal's default for the whole process), and the proxy then came up and
        // served with nothing left to stop it. The signal goes out as soon as the backends are up: the proxy's
        // start (config, audit, Kestrel) takes longer than that, and if it ever won the race, SIGTERM after the
        // start must stop the demo too, so the test asks the same either way.
        await using var demo = FulcrumProcess.Start("demo", "--listen", "http://127.0.0.1:0", "--admin", "http://127.0.0.1:0", "--rate", "0");
        await demo.WaitForOutputAsync("starting the proxy", TimeSpan.FromSeconds(60));
        demo.Terminate();
        await demo.WaitForExitAsync(TimeSpan.FromSeconds(30));

        output.WriteLine(demo.Output);
        Assert.Equal(0, demo.ExitCode);
    }

    [Fact]
    public async Task Sigterm_lets_an_in_flight_request_finish_before_exit()
    {
        await using var backend = await TestBackend.StartAsync(new TestBackendOptions { Name = "a", Latency = TimeSpan.FromMilliseconds(1500) });
        var folder = Directory.CreateTempSubdirectory("fulcrum-sigterm-").FullName;
        var config = Path.Combine(folder, "fulcrum.yaml");
        await File.WriteAllTextAsync(config, Configs.OneCluster("round-robin", $"a: {{ address: \"{backend.Address}\" }}").Replace("{folder}", folder));
        await using var fulcrum = FulcrumProcess.Start("run", "-c", config, "--force");
        var text = await fulcrum.WaitForOutputAsync("fulcrum: proxy on", TimeSpan.FromSeconds(30));
        using var client = new HttpClient { BaseAddress = new Uri(ProxyAddress().Match(text).Groups[1].Value) };

        var slow = client.GetAsync("/");
        await Poll.UntilAsync(() => backend.Counters.InServer == 1, TimeSpan.FromSeconds(10), "the request to reach the backend");
        fulcrum.Terminate();
        using var response = await slow;
        await fulcrum.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("a", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, fulcrum.ExitCode);
        Assert.Contains("draining", fulcrum.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_prints_every_error_with_its_position_and_exits_2()
    {
        var folder = Directory.CreateTempSubdirectory("fulcrum-validate-").FullName;
        var config = Path.Combine(folder, "bad.yaml");
        await File.WriteAllTextAsync(config, """
            routes:
              - name: all
                match: { path: "/{**rest}" }
                cluster: nowhere
            clusters:
              web:
                policy: fastest
                destinations:
                  a: { address: "http://127.0.0.1:1", weight: -2 }
            """);

        var (exitCode, text) = await FulcrumProcess.RunAsync("validate", "-c", config);

        output.WriteLine(text);
        Assert.Equal(2, exitCode);
        Assert.Contains("bad.yaml:4:", text, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:7:", text, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:9:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_busy_listen_port_exits_3_a_runtime_failure_not_a_config_error()
    {
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;
        var folder = Directory.CreateTempSubdirectory("fulcrum-busy-").FullName;
        var config = Path.Combine(folder, "fulcrum.yaml");
        await File.WriteAllTextAsync(config, Configs.OneCluster("round-robin", "a: { address: \"http://127.0.0.1:1\" }")
            .Replace("{folder}", folder).Replace("http://127.0.0.1:0]", $"http://127.0.0.1:{port}]", StringComparison.Ordinal));

        var (exitCode, text) = await FulcrumProcess.RunAsync("run", "-c", config, "--force");

        output.WriteLine(text);
        Assert.Equal(3, exitCode);
        Assert.Contains("cannot start", text, StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_failure_exits_with_a_runtime_code_that_systemd_restarts_not_1()
    {
        // A real failure nothing in `run` expects: the journal file exists but is not a SQLite database.
        var folder = Directory.CreateTempSubdirectory("fulcrum-crash-").FullName;
        var config = Path.Combine(folder, "fulcrum.yaml");
        await File.WriteAllTextAsync(config, Configs.OneCluster("round-robin", "a: { address: \"http://127.0.0.1:1\" }").Replace("{folder}", folder));
        await File.WriteAllBytesAsync(Path.Combine(folder, "journal.db"), Enumerable.Range(0, 4096).Select(i => (byte)(i * 37)).ToArray());

        var (exitCode, text) = await FulcrumProcess.RunAsync("run", "-c", config, "--force");

        output.WriteLine(text);
        Assert.Equal(Fulcrum.Cli.ExitCodes.UnexpectedFailure, exitCode);
        Assert.True(exitCode >= 3, "unexpected failures are runtime failures");
        Assert.Contains("fulcrum: unexpected failure", text, StringComparison.Ordinal);
        Assert.Contains("not a database", text, StringComparison.Ordinal);
        // The unit restarts on every failure except the codes it lists as final: this one is not among them.
        var unit = await File.ReadAllLinesAsync(Fulcrum.Tests.Deploy.RepositoryRoot.Combine("deploy", "systemd", "fulcrum.service"));
        Assert.Contains("Restart=on-failure", unit);
        var final = unit.Single(l => l.StartsWith("RestartPreventExitStatus=", StringComparison.Ordinal))["RestartPreventExitStatus=".Length..].Split(' ');
        Assert.DoesNotContain(exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture), final);
    }

    [Theory]
    [InlineData("audit", "--fromat", "json")]
    [InlineData("simulate", "--requests", "ten")]
    [InlineData("no-such-command")]
    public async Task Usage_errors_exit_2_with_a_pointer_to_help(params string[] args)
    {
        var (exitCode, text) = await FulcrumProcess.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains("--help", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"fulcrum: proxy on (\S+),")]
    private static partial Regex ProxyAddress();
}
