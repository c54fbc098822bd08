using Fulcrum.Core.Alerting;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Alerting;

/// <summary>An alert engine on a fake clock with the contract's example escalation (0s oncall, 15m lead, 1h management).</summary>
internal sealed class AlertFixture
{
    public static readonly AlertsConfig Config = AlertsConfig.Default with
    {
        Escalation =
        [
            new EscalationTier(TimeSpan.Zero, ["oncall"]),
            new EscalationTier(TimeSpan.FromMinutes(15), ["lead"]),
            new EscalationTier(TimeSpan.FromHours(1), ["management"]),
        ],
    };

    public AlertFixture(Func<AlertCandidate, AlertCause?>? causeFinder = null)
    {
        Engine = new AlertEngine(Config, FairnessConfig.Default, Time, causeFinder);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public AlertEngine Engine { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public AlertEvaluation Evaluate(params ClusterSnapshot[] clusters) => Engine.Evaluate(clusters);

    /// <summary>Evaluates every second for <paramref name="duration"/>, the snapshot given by the elapsed seconds; returns everything emitted.</summary>
    public AlertEvaluation Run(TimeSpan duration, Func<int, ClusterSnapshot> snapshotAt)
    {
        var transitions = new List<AlertTransition>();
        var notifications = new List<AlertNotification>();
        for (var second = 0; second < (int)duration.TotalSeconds; second++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            var result = Engine.Evaluate([snapshotAt(second)]);
            transitions.AddRange(result.Transitions);
            notifications.AddRange(result.Notifications);
        }
        return new AlertEvaluation(transitions, notifications);
    }

    public static DestinationSnapshot Destination(string name, long requests = 300, long errors = 0, double? p99Ms = 30,
        bool healthy = true, bool ejected = false, int weight = 1) =>
        new(name, weight, 1.0, null, healthy && !ejected && weight > 0, healthy, ejected, 0, 0, 0, 0, null, null,
            requests, errors, requests == 0 ? 0 : (double)errors / requests, p99Ms / 2, p99Ms);

    public ClusterSnapshot Cluster(params DestinationSnapshot[] destinations) => Cluster(null, destinations);

    public ClusterSnapshot Cluster(ClusterVerdict? verdict, params DestinationSnapshot[] destinations)
    {
        var requests = destinations.Sum(d => d.Requests);
        var errors = destinations.Sum(d => d.Errors);
        var p99 = destinations.Max(d => d.P99Ms);
        return new ClusterSnapshot("web", "round-robin", Now, TimeSpan.FromSeconds(30),
            verdict ?? new ClusterVerdict(VerdictKind.Balanced, null, null, "balanced"), 1.0, requests, errors, p99 / 2, p99,
            destinations.All(d => !d.Eligible), destinations, []);
    }

    public static ClusterVerdict Skewed(string destination, DateTimeOffset since) => new(VerdictKind.Skewed,
        new Skew(destination, SkewSignal.Share, 0.8, 1e-9, $"destination {destination} gets 61 % of cluster web, expected 33 %"),
        since, "skewed");

    public Alert Single(string name) => Assert.Single(Engine.Alerts, a => a.Name == name);
}
