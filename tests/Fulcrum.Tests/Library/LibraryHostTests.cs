using System.Net;
using System.Net.Http.Headers;
using Fulcrum.Core.Fairness;
using Fulcrum.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fulcrum.Tests.Library;

/// <summary>The host layer as an embedding app gets it: DI composition, options, admin auth, background ticks on the fake clock.</summary>
public sealed class LibraryHostTests
{
    [Fact]
    public async Task The_Fulcrum_section_binds_with_the_yaml_grammar_and_a_reload_reaches_the_monitor()
    {
        await using var host = await LibraryHost.StartAsync(2, "Fulcrum.RoundRobin", new()
        {
            ["fairness:window"] = "45s",
            ["fairness:tolerance"] = "0.1",
            ["alerts:escalation:0:after"] = "0s",
            ["alerts:escalation:0:notify:0"] = "oncall",
            ["alerts:receivers:oncall:webhook"] = "http://127.0.0.1:1/hook",
        });
        var options = host.Services.GetRequiredService<IOptionsMonitor<FulcrumOptions>>();
        var monitor = host.Services.GetRequiredService<DistributionMonitor>();

        Assert.Equal(TimeSpan.FromSeconds(45), options.CurrentValue.Fairness.Window);
        Assert.Equal(0.1, options.CurrentValue.Fairness.Tolerance);
        Assert.Equal("oncall", options.CurrentValue.Alerts.Escalation.Single().Notify.Single());
        Assert.Equal(TimeSpan.FromSeconds(45), monitor.Config.Window);

        host.Settings["fairness:window"] = "1m";
        host.Settings.Reload();

        Assert.Equal(TimeSpan.FromMinutes(1), options.CurrentValue.Fairness.Window);
        Assert.Equal(TimeSpan.FromMinutes(1), monitor.Config.Window);
    }

    [Fact]
    public async Task With_a_token_the_api_and_metrics_need_it_but_the_dashboard_page_does_not()
    {
        var variable = "FULCRUM_TEST_TOKEN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "s3cret");
        try
        {
            await using var host = await LibraryHost.StartAsync(1, "Fulcrum.RoundRobin", new() { ["admin:token-env"] = variable });

            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/fulcrum/")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.GetAsync("/fulcrum/api/clusters")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.GetAsync("/fulcrum/metrics")).StatusCode);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/fulcrum/api/clusters");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
            Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(request)).StatusCode);
            // An embedding app's config is its own: without the executable's gate there is no write endpoint, so the
            // request is just proxied like any other.
            (await host.Client.PostAsync("/fulcrum/api/config", new StringContent("x"))).EnsureSuccessStatusCode();
            Assert.Equal(1, host.Backends[0].Counters.Total);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Sampling_runs_on_the_injected_clock_and_the_applied_config_is_journaled()
    {
        await using var host = await LibraryHost.StartAsync(2, "Fulcrum.RoundRobin");
        var monitor = host.Services.GetRequiredService<DistributionMonitor>();
        for (var i = 0; i < 10; i++)
        {
            (await host.Client.GetAsync("/")).EnsureSuccessStatusCode();
        }
        Assert.Equal([5, 5], host.Backends.Select(b => b.Counters.Total).ToArray());
        var before = monitor.Snapshot("web")!.History.Count;

        host.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(monitor.Snapshot("web")!.History.Count > before, "a sample tick on the fake clock adds a history point");
        var journal = host.Services.GetRequiredService<EventJournal>();
        Assert.Contains(journal.ReadLatest(50), e => e.Kind == EventKinds.ConfigApplied && e.Summary.Contains("YARP config source", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clusters_with_YARPs_own_policies_are_left_to_YARP()
    {
        await using var host = await LibraryHost.StartAsync(2, "RoundRobin");

        (await host.Client.GetAsync("/")).EnsureSuccessStatusCode();

        Assert.Empty(host.Services.GetRequiredService<Fulcrum.Proxy.ClusterRegistry>().All);
        Assert.Equal(1, host.Backends.Sum(b => b.Counters.Total));
    }
}
