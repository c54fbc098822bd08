using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Fairness;

/// <summary>
/// The distribution monitor's view of one cluster. The proxy (or the simulator) calls <see cref="Record"/> once per
/// completed request — lock-free, no allocation; the host calls <see cref="Sample"/> periodically (every 250 ms is
/// plenty) to sample in-flight counts and effective weights, track since when a skew lasts and keep the share
/// history; <see cref="Snapshot"/> judges the window (off the hot path) and changes nothing: reading the
/// dashboard as often as you like cannot move a skew's start or add history points — only the
/// <see cref="Sample"/> tick does.
/// </summary>
public sealed class ClusterRecorder
{
    private readonly object _gate = new();
    private readonly ShareHistory _history = new();
    private ClusterBalancer _balancer;
    private DestinationRecorder[] _slots;
    private WindowClock _clock;
    private FairnessConfig _config;
    private string? _skewDestination;
    private DateTimeOffset _skewSince;
    private CommonModeStall? _stall;
    private readonly Func<BackendBoard> _board;
    private (string Key, long Requests, long Failures)[] _lastCounts = [];

    internal ClusterRecorder(ClusterBalancer balancer, FairnessConfig config, WindowClock clock, Func<BackendBoard>? board = null)
    {
        _balancer = balancer;
        _config = config;
        _clock = clock;
        _board = board ?? (() => BackendBoard.Empty);
        _slots = BuildSlots(balancer, [], clock.WindowBuckets);
    }

    /// <summary>Each destination's window requests and failures by backend address, as of the last <see cref="Sample"/> (for <see cref="BackendBoard"/>).</summary>
    internal (string Key, long Requests, long Failures)[] LastCounts => Volatile.Read(ref _lastCounts);

    public string Name => Balancer.Name;

    /// <summary>The balancer last given to <see cref="DistributionMonitor.Track"/> for this cluster name.</summary>
    public ClusterBalancer Balancer => Volatile.Read(ref _balancer);

    /// <summary>
    /// Hot path: counts one completed request to <paramref name="backend"/> (status, or a transport failure without
    /// an HTTP answer) and its latency. Backends unknown to the cluster (removed by a reload) are ignored.
    /// </summary>
    public void Record(Backend backend, int statusCode, bool transportFailure, TimeSpan latency)
    {
        var recorder = Find(Volatile.Read(ref _slots), backend);
        if (recorder is null)
        {
            return;
        }
        var clock = Volatile.Read(ref _clock);
        recorder.Record(clock.CurrentEpoch(), CodeClasses.Of(statusCode, transportFailure), Math.Max(0, latency.Ticks));
    }

    /// <summary>
    /// Samples every destination's in-flight count and effective weight, and refreshes skew tracking and the
    /// share history. Call periodically (the host every 250 ms; tests on a fake clock).
    /// </summary>
    public void Sample()
    {
        var balancer = Balancer;
        var clock = Volatile.Read(ref _clock);
        var epoch = clock.CurrentEpoch();
        var nowTicks = balancer.NowTicks();
        foreach (var slot in Volatile.Read(ref _slots))
        {
            var backend = slot.Backend;
            slot.Sample(epoch, backend.InFlight, backend.IsEligible ? backend.WeightAt(nowTicks) : 0);
        }
        var frame = Judge();
        Volatile.Write(ref _lastCounts, frame.Keys
            .Select((key, i) => (Key: key, frame.Totals[i].Requests, frame.Totals[i].Failures))
            .Where(x => x.Key is not null)
            .Select(x => (x.Key!, x.Requests, x.Failures))
            .ToArray());
        lock (_gate)
        {
            _stall = frame.Stall;
            TrackSkew(frame.Judgment, frame.Now);
            if (_history.IsDue(frame.Now))
            {
                _history.Add(new SharePoint(frame.Now,
                    frame.Destinations.Select(d => new DestinationSharePoint(d.Name, d.ActualShare, d.ExpectedShare) { Fair = d.FairShare }).ToArray())
                {
                    WindowRequests = frame.Judgment.WindowRequests,
                });
            }
        }
    }

    /// <summary>
    /// Judges the current window and returns an immutable picture of the cluster. Read-only: a skew's start
    /// (<see cref="ClusterVerdict.Since"/>) is the one the last <see cref="Sample"/> saw for the same destination,
    /// else now; the history is the one <see cref="Sample"/> kept.
    /// </summary>
    public ClusterSnapshot Snapshot()
    {
        var frame = Judge();
        var judgment = frame.Judgment;
        var latency = new long[LatencyBuckets.Count];
        foreach (var t in frame.Totals)
        {
            for (var i = 0; i < latency.Length; i++)
            {
                latency[i] += t.Latency[i];
            }
        }
        var p50 = LatencyBuckets.Quantile(latency, 0.50)?.TotalMilliseconds;
        var p99 = LatencyBuckets.Quantile(latency, 0.99)?.TotalMilliseconds;
        ClusterVerdict verdict;
        IReadOnlyList<SharePoint> history;
        lock (_gate)
        {
            verdict = judgment.Skew is { } skew
                ? new ClusterVerdict(VerdictKind.Skewed, skew, _skewDestination == skew.Destination ? _skewSince : frame.Now, skew.Summary)
                : new ClusterVerdict(judgment.Kind, null, null, judgment.Summary);
            history = _history.ToList();
        }
        var balancer = frame.Balancer;
        return new ClusterSnapshot(balancer.Name, balancer.Config.PolicyName, frame.Now, frame.Window, verdict,
            judgment.JainIndex, judgment.WindowRequests, frame.Totals.Sum(t => t.Failures), p50, p99, balancer.Panic, frame.Destinations, history)
        {
            Promise = judgment.Promise.Statement,
            PromisedQuantity = judgment.Promise.Quantity,
            Advisory = judgment.Advisory?.Summary,
        };
    }

    /// <summary>One judged window: what <see cref="Sample"/> tracks and <see cref="Snapshot"/> shows.</summary>
    private sealed record Frame(
        ClusterBalancer Balancer, DateTimeOffset Now, TimeSpan Window, WindowTotals[] Totals,
        FairnessJudgment Judgment, DestinationSnapshot[] Destinations, CommonModeStall? Stall, string?[] Keys);

    private Frame Judge()
    {
        var balancer = Balancer;
        var clock = Volatile.Read(ref _clock);
        var config = Volatile.Read(ref _config);
        var slots = Volatile.Read(ref _slots);
        var now = clock.Time.GetUtcNow();
        var epoch = clock.CurrentEpoch();
        var nowTicks = balancer.NowTicks();

        var totals = slots.Select(s => s.Window(epoch)).ToArray();
        var windows = BuildWindows(slots, totals, nowTicks, _board(), balancer.Name);
        var stall = LatestStall(windows, totals, now, clock);
        var judgment = FairnessJudge.Judge(balancer.Name, balancer.Config.Policy, FairnessPromises.For(balancer.Config), windows, config,
            stall: stall);
        var windowRequests = judgment.WindowRequests;

        var destinations = new DestinationSnapshot[slots.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            var backend = slots[i].Backend;
            var w = windows[i];
            destinations[i] = new DestinationSnapshot(
                w.Name, backend.Weight, backend.RampAt(nowTicks), backend.Capacity,
                backend.IsEligible, backend.ActiveHealthy, backend.Ejected,
                judgment.Expected[i], judgment.Fair[i],
                windowRequests == 0 ? 0 : (double)w.Requests / windowRequests,
                backend.InFlight, w.AverageInFlight, judgment.InFlightPerWeight[i],
                w.Requests, w.Failures, w.ErrorRate, w.P50?.TotalMilliseconds, w.P99?.TotalMilliseconds)
            {
                Promised = judgment.Promised.Count > i ? judgment.Promised[i] : null,
            };
        }
        return new Frame(balancer, now, clock.Window, totals, judgment, destinations, stall,
            slots.Select(s => BackendBoard.KeyOf(s.Backend.Address)).ToArray());
    }

    /// <summary>
    /// The stall of the whole machine in the window, else the one <see cref="Sample"/> last kept while the picker
    /// may still be recovering from it (read-only, like the rest of <see cref="Judge"/>).
    /// </summary>
    private CommonModeStall? LatestStall(DestinationWindow[] windows, WindowTotals[] totals, DateTimeOffset now, WindowClock clock)
    {
        var judged = windows.Select(w => w.Eligible && w.EffectiveWeight > 0).ToArray();
        var seen = CommonModeStall.Find(totals, judged, now, clock.Window, clock.BucketTicks);
        CommonModeStall? kept;
        lock (_gate)
        {
            kept = _stall;
        }
        if (kept is not null && (kept.Until <= now || (seen is not null && seen.Until >= kept.Until)))
        {
            kept = null;
        }
        return kept ?? seen;
    }

    /// <summary>The judge's inputs for the current window with their latency histograms (a fleet adds these up across instances).</summary>
    public IReadOnlyList<DestinationCounts> WindowCounts()
    {
        var balancer = Balancer;
        var clock = Volatile.Read(ref _clock);
        var slots = Volatile.Read(ref _slots);
        var epoch = clock.CurrentEpoch();
        var totals = slots.Select(s => s.Window(epoch)).ToArray();
        var windows = BuildWindows(slots, totals, balancer.NowTicks(), BackendBoard.Empty, balancer.Name);
        return windows.Select((w, i) => new DestinationCounts(w, totals[i].Latency.ToArray())).ToArray();
    }

    /// <summary>Cumulative per-destination totals for Prometheus (requests by code class, latency histogram).</summary>
    public IReadOnlyList<DestinationTotals> Totals() => Volatile.Read(ref _slots).Select(s => s.Totals(Name)).ToArray();

    /// <summary>Adopts a reloaded balancer: destinations keep their counters when their names stay.</summary>
    internal void Rebind(ClusterBalancer balancer)
    {
        lock (_gate)
        {
            var clock = Volatile.Read(ref _clock);
            Volatile.Write(ref _slots, BuildSlots(balancer, Volatile.Read(ref _slots), clock.WindowBuckets));
            Volatile.Write(ref _balancer, balancer);
        }
    }

    /// <summary>New fairness settings; a new window length starts every destination's window afresh.</summary>
    internal void Reconfigure(FairnessConfig config, WindowClock clock)
    {
        lock (_gate)
        {
            if (clock != Volatile.Read(ref _clock))
            {
                foreach (var slot in Volatile.Read(ref _slots))
                {
                    slot.ResetWindow(clock.WindowBuckets);
                }
                Volatile.Write(ref _clock, clock);
            }
            Volatile.Write(ref _config, config);
        }
    }

    /// <summary>Remembers since when the skewed destination has been skewed without interruption (under the gate).</summary>
    private void TrackSkew(FairnessJudgment judgment, DateTimeOffset now)
    {
        if (judgment.Skew is not { } skew)
        {
            _skewDestination = null;
        }
        else if (_skewDestination != skew.Destination)
        {
            _skewDestination = skew.Destination;
            _skewSince = now;
        }
    }

    private static DestinationWindow[] BuildWindows(DestinationRecorder[] slots, WindowTotals[] totals, long nowTicks, BackendBoard board, string cluster)
    {
        var backends = slots.Select(s => s.Backend).ToArray();
        var effectiveWeights = WindowExpectation.EffectiveWeights(backends, totals, nowTicks);
        var windows = new DestinationWindow[slots.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            var backend = backends[i];
            var t = totals[i];
            windows[i] = new DestinationWindow(
                backend.Name, backend.Weight, backend.IsEligible, backend.Capacity, effectiveWeights[i],
                t.Requests, t.Failures,
                LatencyBuckets.Quantile(t.Latency, 0.50), LatencyBuckets.Quantile(t.Latency, 0.99),
                t.Samples > 0 ? (double)t.InFlightSum / t.Samples : null,
                t.Requests > 0 ? TimeSpan.FromTicks(t.LatencyTicks / t.Requests) : null)
            {
                Elsewhere = board.Elsewhere(backend.Address, cluster),
            };
        }
        return windows;
    }

    private static DestinationRecorder? Find(DestinationRecorder[] slots, Backend backend)
    {
        var index = backend.Index;
        if ((uint)index < (uint)slots.Length && ReferenceEquals(slots[index].Backend, backend))
        {
            return slots[index];
        }
        // A request that started before a reload may carry a backend object the reload replaced: match by name.
        foreach (var slot in slots)
        {
            if (ReferenceEquals(slot.Backend, backend) || string.Equals(slot.Name, backend.Name, StringComparison.Ordinal))
            {
                return slot;
            }
        }
        return null;
    }

    private static DestinationRecorder[] BuildSlots(ClusterBalancer balancer, DestinationRecorder[] previous, int windowBuckets)
    {
        var backends = balancer.Backends;
        var slots = new DestinationRecorder[backends.Count];
        // By name through a dictionary: a scan per destination was O(n²), a million compares per reload at 1,000.
        var byName = new Dictionary<string, DestinationRecorder>(previous.Length, StringComparer.Ordinal);
        foreach (var recorder in previous)
        {
            byName.TryAdd(recorder.Name, recorder);
        }
        for (var i = 0; i < slots.Length; i++)
        {
            var backend = backends[i];
            var kept = byName.GetValueOrDefault(backend.Name);
            if (kept is not null)
            {
                kept.Backend = backend;
            }
            slots[i] = kept ?? new DestinationRecorder(backend, windowBuckets);
        }
        return slots;
    }
}
