using System.Text.Json;
using Fulcrum.Core.Alerting;
using Fulcrum.Core.Audit.Live;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Hosting;
using Fulcrum.Journal;
using Fulcrum.Operations;
using Fulcrum.Tests.Journal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Tests.Audit;

/// <summary>
/// Issue 12 acceptance: the scheduled audit (<c>audit.every</c>) on a fake clock, with real parts — the live auditor,
/// a distribution monitor fed recorded requests as the proxy records them, a SQLite journal and the alert engine —
/// catches a destination weighted at 3× its observed share of capacity (FUL026, error: journaled and an
/// <c>audit</c> alert) and a serving config that differs from the file on disk (FUL027, warning: journaled only).
/// </summary>
public sealed class ScheduledAuditTests : IDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    // a is weighted 3 of 4 (75 %); the file on disk says 1 (what was pushed over it is what serves).
    private const string Serving = """
        routes:
          - { name: web, match: { path: "/{**rest}" }, cluster: web }
        clusters:
          web:
            destinations:
              a: { address: "http://10.0.0.1:8080", weight: 3 }
              b: { address: "http://10.0.0.2:8080", weight: 1 }
        audit: { every: 5m }
        """;

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempJournalDir _dir = new();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Catches_weight_three_times_the_observed_capacity_and_drift_from_the_file_after_audit_every()
    {
        var file = Path.Combine(_dir.Folder, "fulcrum.yaml");
        await File.WriteAllTextAsync(file, Serving.Replace("weight: 3", "weight: 1", StringComparison.Ordinal));
        var config = ConfigLoader.Parse(Serving, file);
        Assert.Equal(Every, config.Audit.Every);
        var monitor = new DistributionMonitor(config.Fairness, _time);
        var balancer = new ClusterBalancer(config.Clusters[0], _time);
        monitor.Track(balancer);
        await using var journal = new EventJournal(_dir.DbPath, _time);
        var alerts = new AlertEngine(config.Alerts, config.Fairness, _time);
        await using var audit = new ScheduledAudit(new LiveAuditor(), () => config, () => config.Audit, monitor, journal, alerts,
            _time, NullLogger.Instance, new ConfigFile(file));
        audit.Start();

        // Quiet until the last fairness window before the period ends: nothing audited yet.
        _time.Advance(Every - config.Fairness.Window);
        Assert.Empty(Findings(journal));

        // The last window: round-robin 3:1 as the picker sends it, a answering in 60 ms and b in 20 ms, so a has a
        // quarter of the capacity by what it was seen to do. The last step crosses audit.every and the audit runs.
        Serve(monitor, balancer, config.Fairness.Window, ("a", 30, 60), ("b", 10, 20));
        Assert.Equal(Start + Every, _time.GetUtcNow());

        var findings = Findings(journal);
        var capacity = Assert.Single(findings, e => Rule(e) == "FUL026");
        Assert.Equal(("web", "a"), (capacity.Cluster, capacity.Destination));
        Assert.Equal("error", Detail(capacity, "severity"));
        Assert.Contains("75 % of the weight", capacity.Summary, StringComparison.Ordinal);
        Assert.Matches(@"3(\.\d)?× its capacity share", capacity.Summary);
        Assert.Equal(Start + Every, capacity.Time);
        var drift = Assert.Single(findings, e => Rule(e) == "FUL027");
        Assert.Equal("warning", Detail(drift, "severity"));
        Assert.Contains("clusters.web.destinations.a.weight: 3 → 1", drift.Summary, StringComparison.Ordinal);
        Assert.Contains(file, drift.Summary, StringComparison.Ordinal);

        // The error-level finding holds an audit alert up through the engine the host evaluates every second; the
        // warning does not page.
        // An audit finding has no `for`: raised and fired in the same evaluation.
        var evaluation = alerts.Evaluate(monitor.Snapshot());
        var transitions = evaluation.Transitions.Where(t => t.Alert.Name == AlertNames.Audit).ToList();
        Assert.Equal(AlertState.Firing, transitions[^1].To);
        var raised = Assert.Single(alerts.Alerts, a => a.Name == AlertNames.Audit);
        Assert.Equal(AlertState.Firing, raised.State);
        Assert.Equal(("web", "a"), (raised.Cluster, raised.Destination));
        Assert.StartsWith("FUL026: ", raised.Summary, StringComparison.Ordinal);

        // The next period: the file still differs, but that is no longer news, so it is not journaled twice.
        _time.Advance(Every);
        Assert.Single(Findings(journal), e => Rule(e) == "FUL027");
    }

    /// <summary>Records each destination's requests per second at its latency in 250 ms steps, sampling as the host does.</summary>
    private void Serve(DistributionMonitor monitor, ClusterBalancer balancer, TimeSpan duration,
        params (string Destination, int PerSecond, double LatencyMs)[] traffic)
    {
        var steps = (int)(duration / TimeSpan.FromMilliseconds(250));
        for (var step = 0; step < steps; step++)
        {
            foreach (var (destination, perSecond, latencyMs) in traffic)
            {
                var backend = balancer.Find(destination)!;
                var count = perSecond * (step + 1) / 4 - perSecond * step / 4;
                for (var i = 0; i < count; i++)
                {
                    monitor.Record(balancer.Name, backend, 200, false, TimeSpan.FromMilliseconds(latencyMs));
                }
            }
            monitor.Sample();
            _time.Advance(TimeSpan.FromMilliseconds(250));
        }
    }

    private static IReadOnlyList<JournalEvent> Findings(EventJournal journal) => journal.Read(kinds: [EventKinds.AuditFinding]);

    private static string? Rule(JournalEvent e) => Detail(e, "rule");

    private static string? Detail(JournalEvent e, string key) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(e.Details!)!.GetValueOrDefault(key);
}
