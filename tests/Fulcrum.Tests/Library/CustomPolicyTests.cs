using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Tests.Library;

/// <summary>
/// An app's own policy registered with <c>AddFulcrumPolicy</c>: real requests through the proxy reach the real
/// backends it picks, and the monitor judges the picks by the promise the policy declared.
/// </summary>
public sealed class CustomPolicyTests
{
    private const string Name = "Fulcrum.FirstListed";

    [Theory]
    [InlineData(PolicyKind.FirstAvailable, VerdictKind.Balanced)]
    [InlineData(PolicyKind.RoundRobin, VerdictKind.Skewed)]
    public async Task A_registered_policy_picks_as_written_and_is_judged_by_its_declared_promise(PolicyKind judgedAs, VerdictKind verdict)
    {
        await using var host = await LibraryHost.StartAsync(
            3, "fulcrum.firstlisted", new() { ["fairness:min-requests"] = "30" },
            extend: proxy => proxy.AddFulcrumPolicy(Name, (_, _) => new FirstListedPicker(), judgedAs));

        for (var i = 0; i < 60; i++)
        {
            (await host.Client.GetAsync("/")).EnsureSuccessStatusCode();
        }
        host.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([60, 0, 0], host.Backends.Select(b => b.Counters.Total).ToArray());
        var snapshot = host.Services.GetRequiredService<DistributionMonitor>().Snapshot("web")!;
        Assert.Equal(Name, snapshot.Policy);
        Assert.Equal(verdict, snapshot.Verdict.Kind);
        var expected = judgedAs == PolicyKind.FirstAvailable ? new[] { 1.0, 0, 0 } : [1 / 3.0, 1 / 3.0, 1 / 3.0];
        Assert.Equal(expected, snapshot.Destinations.Select(d => Math.Round(d.ExpectedShare, 6)).ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        if (verdict == VerdictKind.Skewed)
        {
            Assert.Equal("a", snapshot.Verdict.Destination);
        }
    }

    [Fact]
    public async Task The_in_process_audit_simulates_the_registered_picker()
    {
        var created = 0;
        await using var host = await LibraryHost.StartAsync(
            3, Name, extend: proxy => proxy.AddFulcrumPolicy(Name, (_, _) =>
            {
                Interlocked.Increment(ref created);
                return new FirstListedPicker();
            }));
        var serving = host.Services.GetRequiredService<FulcrumRuntime>().Current!;
        var before = Volatile.Read(ref created);

        ConfigAudit.Run(serving);

        Assert.Equal(Name, Assert.Single(serving.Clusters).PolicyName);
        Assert.True(Volatile.Read(ref created) > before, "the audit's simulation ran the app's picker");
    }

    [Fact]
    public async Task Metrics_export_the_registered_name_and_the_built_in_it_is_judged_as()
    {
        // Issue 15: /metrics showed the built-in name; the Prometheus rule reads judged_as to leave load-aware clusters out.
        await using var host = await LibraryHost.StartAsync(
            3, Name, extend: proxy => proxy.AddFulcrumPolicy(Name, (_, _) => new FirstListedPicker(), PolicyKind.PeakEwma));
        var runtime = host.Services.GetRequiredService<FulcrumRuntime>();
        using var buffer = new MemoryStream();

        await runtime.Metrics.Registry.CollectAndExportAsTextAsync(buffer);

        var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        Assert.Contains("fulcrum_cluster_info{cluster=\"web\",policy=\"Fulcrum.FirstListed\",judged_as=\"peak-ewma\"} 1\n", text);
    }

    [Fact]
    public void A_name_taken_without_case_or_against_the_rules_is_refused_when_registered()
    {
        var services = new ServiceCollection();
        var proxy = services.AddReverseProxy().AddFulcrum();
        proxy.AddFulcrumPolicy(Name, (_, _) => new FirstListedPicker());

        Assert.Throws<ArgumentException>(() => proxy.AddFulcrumPolicy("fulcrum.FIRSTLISTED", (_, _) => new FirstListedPicker()));
        Assert.Throws<ArgumentException>(() => proxy.AddFulcrumPolicy("FULCRUM.roundrobin", (_, _) => new FirstListedPicker()));
        Assert.Throws<ArgumentException>(() => proxy.AddFulcrumPolicy("MyPolicy", (_, _) => new FirstListedPicker()));
    }

    /// <summary>Always the first eligible destination in config order: deterministic, so the split is exact.</summary>
    private sealed class FirstListedPicker : IPicker
    {
        private IReadOnlyList<Backend> _eligible = [];

        public void Update(IReadOnlyList<Backend> eligible) => Volatile.Write(ref _eligible, eligible);

        public Backend Pick(in PickContext context) => Volatile.Read(ref _eligible)[0];
    }
}
