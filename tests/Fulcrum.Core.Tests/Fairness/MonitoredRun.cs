using Fulcrum.Core.Alerting;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Core.Simulation;
using Fulcrum.Core.Tests.Alerting;

namespace Fulcrum.Core.Tests.Fairness;

/// <summary>
/// Feeds a simulation, in its own virtual time, to the real <see cref="DistributionMonitor"/> and
/// <see cref="AlertEngine"/> exactly as the host does: every completed request recorded, a sample every 250 ms,
/// alerts evaluated every second on the snapshots. Keeps every alert transition and verdict seen.
/// </summary>
internal sealed class MonitoredRun : ISimulationObserver
{
    private readonly FairnessConfig _fairness;
    private ClusterRecorder? _recorder;
    private int _ticks;

    private MonitoredRun(FairnessConfig fairness)
    {
        _fairness = fairness;
    }

    public TimeSpan? TickInterval => TimeSpan.FromMilliseconds(250);

    public DistributionMonitor Monitor { get; private set; } = null!;

    public AlertEngine Engine { get; private set; } = null!;

    public SimulationResult Result { get; private set; } = null!;

    public List<(TimeSpan At, AlertTransition Transition)> Transitions { get; } = [];

    public List<(TimeSpan At, ClusterSnapshot Snapshot)> Snapshots { get; } = [];

    /// <summary>Every transition of the <c>imbalance</c> alert.</summary>
    public IEnumerable<(TimeSpan At, AlertTransition Transition)> Imbalance =>
        Transitions.Where(t => t.Transition.Alert.Name == AlertNames.Imbalance);

    /// <summary>When the first <c>imbalance</c> alert fired, and on which destination; null when none did.</summary>
    public (TimeSpan At, string? Destination)? FirstImbalanceFired =>
        Imbalance.Where(t => t.Transition.To == AlertState.Firing).Select(t => ((TimeSpan, string?)?)(t.At, t.Transition.Alert.Destination)).FirstOrDefault();

    public static MonitoredRun Of(SimulationScenario scenario, FairnessConfig? fairness = null)
    {
        var run = new MonitoredRun(fairness ?? FairnessConfig.Default);
        run.Result = Simulator.Run(scenario, run);
        return run;
    }

    public void OnStart(TimeProvider time, ClusterBalancer balancer)
    {
        Monitor = new DistributionMonitor(_fairness, time);
        Engine = new AlertEngine(AlertFixture.Config, _fairness, time);
        _recorder = Monitor.Track(balancer);
    }

    public void OnArrival(TimeSpan elapsed, Backend picked, ClusterBalancer balancer)
    {
        if (!ReferenceEquals(_recorder!.Balancer, balancer))
        {
            Monitor.Track(balancer); // a reload in the scenario: the host tracks the new balancer under the same name
        }
    }

    public void OnCompletion(TimeSpan elapsed, Backend backend, ClusterBalancer balancer, int statusCode, bool transportFailure, TimeSpan latency) =>
        _recorder!.Record(backend, statusCode, transportFailure, latency);

    public void OnTick(TimeSpan elapsed, ClusterBalancer balancer)
    {
        Monitor.Sample();
        if (++_ticks % 4 != 0)
        {
            return;
        }
        var snapshots = Monitor.Snapshot();
        Snapshots.Add((elapsed, snapshots[0]));
        Transitions.AddRange(Engine.Evaluate(snapshots).Transitions.Select(t => (elapsed, t)));
    }
}
