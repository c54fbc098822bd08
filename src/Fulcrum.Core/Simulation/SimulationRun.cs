using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// One run of a scenario: a discrete-event loop over a radix heap in virtual time (<see cref="EventQueue"/>) that drives the real
/// <see cref="ClusterBalancer"/> exactly as the proxy does (pick, RequestStarted, RequestEnded, RecordOutcome;
/// a new balancer with the previous backends on every config change). Three independent random streams —
/// arrivals and keys, service, picker — so a change of policy leaves the offered traffic identical.
/// <para>The cluster's <c>timeouts.request</c> applies as in the proxy: a request not answered in time is a 504
/// for the client at the timeout, an error, and a failure for passive health (outlier ejection); the proxy stops
/// counting it in flight. The destination does not know and finishes the work (its server stays busy, a queued
/// request is still served), its late answer discarded.</para>
/// </summary>
internal sealed class SimulationRun
{
    /// <summary>Runs this long or longer draw their random streams on a second thread when there is a second core.</summary>
    internal const long DrawAheadRequests = 200_000;

    // Blocks in each stream's ring with a drawing thread: ~16,000 requests ahead, far more than one wake-up takes.
    private const int DrawAheadBlocks = 8;

    private readonly SimulationScenario _scenario;
    private readonly ISimulationObserver? _observer;
    private readonly VirtualTimeProvider _time = new();
    private readonly EventQueue _queue = new();
    private readonly DrawFeed<ArrivalDraw> _arrivalDraws;
    private readonly DrawFeed<ServiceDraw> _serviceDraws;
    private readonly Random _pickerRandom;
    private readonly bool _drawAhead;
    private readonly KeySource _keys;
    private readonly ScenarioEvent[] _events;
    private readonly SimulatedCluster _cluster;
    private readonly KeyPhaseRecorder? _keyPhases;
    private readonly List<ScenarioEvent> _applied = [];
    private readonly BalancerEventLog _balancerEvents = new();
    private readonly long _stopTicks;
    private long _seq;
    private long _requests;
    private readonly long _timeoutTicks;
    private readonly HashSet<long> _awaiting = [];
    private long _arrived;
    private long _unrouted;
    private long _lastArrivalTicks;
    private bool _arrivalsOver;
    // The next arrival waits here rather than in the queue: there is at most one, and every simulated request
    // would otherwise pay an insert and a removal for it. Its sequence number is drawn as if it were scheduled,
    // so events leave in exactly the order the queue alone gave them.
    private long _arrivalTicks;
    private long _arrivalSeq;
    private bool _arrivalPending;

    /// <param name="drawAhead">
    /// Draw the arrival and service streams on a second thread (<see cref="DrawAhead"/>); null: for runs of at least
    /// <see cref="DrawAheadRequests"/> requests on a machine with two cores or more. The result is the same either way.
    /// </param>
    public SimulationRun(SimulationScenario scenario, ISimulationObserver? observer, bool? drawAhead = null)
    {
        ScenarioValidator.ThrowIfInvalid(scenario);
        _scenario = scenario;
        _observer = observer;
        _pickerRandom = new SeededRandom(DeriveSeed(scenario.Seed, 3));
        _keys = new KeySource(scenario.Keys);
        _drawAhead = drawAhead ?? (Environment.ProcessorCount > 1 && ExpectedArrivals(scenario) >= DrawAheadRequests);
        var blocks = _drawAhead ? DrawAheadBlocks : 1;
        _arrivalDraws = new DrawFeed<ArrivalDraw>(new ArrivalDrawer(scenario.Arrivals, _keys, new SeededRandom(DeriveSeed(scenario.Seed, 1))), blocks);
        _serviceDraws = new DrawFeed<ServiceDraw>(new ServiceDrawer(new SeededRandom(DeriveSeed(scenario.Seed, 2))), blocks);
        _events = SortedEvents(scenario.Events);
        _stopTicks = scenario.Duration is { } duration ? VirtualTimeProvider.OriginTicks + duration.Ticks : long.MaxValue;
        _keyPhases = scenario.RecordKeyAssignments && _keys.HasKeys ? new KeyPhaseRecorder(_keys.Count) : null;
        _cluster = new SimulatedCluster(scenario, _time, _pickerRandom, _balancerEvents);
        _timeoutTicks = scenario.Cluster.Timeouts.Request is { Ticks: > 0 } timeout ? timeout.Ticks : 0;
    }

    public SimulationResult Run()
    {
        RunEvents();
        return BuildResult();
    }

    /// <summary>The event loop, to the last event (the benchmarks time it apart from <see cref="BuildResult"/>).</summary>
    internal void RunEvents()
    {
        using var ahead = _drawAhead ? DrawAhead.Start(_arrivalDraws, _serviceDraws, [.. _cluster.Destinations.Select(d => d.Latencies)]) : null;
        for (var i = 0; i < _events.Length; i++)
        {
            Schedule(VirtualTimeProvider.OriginTicks + _events[i].At.Ticks, new SimEvent(SimEventKind.Scenario, i, 0, false));
        }
        ScheduleNextArrival(VirtualTimeProvider.OriginTicks, _arrivalDraws.Next().GapTicks);
        _observer?.OnStart(_time, _cluster.Balancer);
        if (_observer?.TickInterval is { Ticks: > 0 } interval)
        {
            Schedule(VirtualTimeProvider.OriginTicks + interval.Ticks, new SimEvent(SimEventKind.Tick, 0, 0, false));
        }
        while (TryNext(out var next, out var now))
        {
            Step(now, next);
        }
    }

    // One event. A method of its own, called millions of times, so the JIT's tiering compiles it fully optimized
    // with profile data; the loop above runs once per simulation and only ever gets on-stack-replacement code.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void Step(long now, in SimEvent next)
    {
        _time.AdvanceTo(now);
        _cluster.Balancer.Tick(now); // returns ejected destinations whose time is up (cheap when none is due)
        switch (next.Kind)
        {
            case SimEventKind.Arrival:
                Arrive(now);
                break;
            case SimEventKind.Completion:
                Complete(now, next);
                break;
            case SimEventKind.Timeout when _awaiting.Remove(next.Request):
                _cluster[next.Target].Destination.TimedOut++;
                Finish(now, next.Target, next.ArrivalTicks, failure: true, timedOut: true);
                break;
            case SimEventKind.Tick when !_arrivalsOver:
                _observer!.OnTick(TimeSpan.FromTicks(now - VirtualTimeProvider.OriginTicks), _cluster.Balancer);
                Schedule(now + _observer.TickInterval!.Value.Ticks, next);
                break;
            case SimEventKind.Scenario when !_arrivalsOver:
                _applied.Add(_events[next.Target]);
                _keyPhases?.Close(now - VirtualTimeProvider.OriginTicks);
                _cluster.Apply(now, _events[next.Target]);
                break;
        }
    }

    /// <summary>The result of the events run so far: counts, exact percentiles, shares.</summary>
    internal SimulationResult BuildResult() =>
        SimulationResultBuilder.Build(_scenario, _cluster.Destinations, _arrived, _unrouted,
            _lastArrivalTicks - VirtualTimeProvider.OriginTicks, _lastArrivalTicks, _applied, _keyPhases?.Phases ?? []) with
        {
            BalancerEvents = _balancerEvents.Events,
            BalancerEventsDropped = _balancerEvents.Dropped,
        };

    private void Arrive(long now)
    {
        _arrived++;
        _cluster.CountArrival();
        _lastArrivalTicks = now;
        var draw = _arrivalDraws.Next();
        var key = draw.Key;
        var context = key >= 0 ? new PickContext(now, _keys.HashOf(key), HasKey: true) : new PickContext(now);
        var backend = _cluster.Balancer.Pick(context);
        if (backend is not null && _scenario.PickFault is { } fault)
        {
            backend = fault(backend, _cluster.Balancer);
        }
        if (backend is null)
        {
            _unrouted++; // the cluster has no destination at all: the proxy answers 503 itself
        }
        else
        {
            Send(now, backend, key);
        }
        ScheduleNextArrival(now, draw.GapTicks);
    }

    private void Send(long now, Backend backend, int key)
    {
        var attachment = _cluster.AttachmentOf(backend);
        var destination = _cluster[attachment].Destination;
        backend.RequestStarted();
        destination.Started(now);
        destination.Requests++;
        _keyPhases?.Assign(key, destination.Name);
        _observer?.OnArrival(TimeSpan.FromTicks(now - VirtualTimeProvider.OriginTicks), backend, _cluster.Balancer);
        if (destination.Failed)
        {
            Finish(now, attachment, now, failure: true, transportFailure: true); // connection refused at once
        }
        else if (destination.HasFreeServer)
        {
            StartService(now, attachment, now, Await(now, attachment));
        }
        else if (!destination.QueueFull)
        {
            destination.Enqueue(new QueuedRequest(now, attachment, Await(now, attachment)));
        }
        else
        {
            destination.Rejections++;
            Finish(now, attachment, now, failure: true, rejected: true); // 503 at once
        }
    }

    /// <summary>Numbers a request that will wait for an answer and, with a request timeout, schedules its deadline.</summary>
    private long Await(long now, int attachment)
    {
        var request = ++_requests;
        if (_timeoutTicks > 0)
        {
            _awaiting.Add(request);
            Schedule(now + _timeoutTicks, new SimEvent(SimEventKind.Timeout, attachment, now, true, request));
        }
        return request;
    }

    private void StartService(long now, int attachment, long arrivalTicks, long request)
    {
        var destination = _cluster[attachment].Destination;
        var behavior = destination.Behavior;
        destination.TakeServer();
        var error = behavior.ErrorRate > 0 && _serviceDraws.Next().Uniform < behavior.ErrorRate;
        var service = error ? behavior.ErrorTime.Ticks : behavior.ServiceTime.SampleTicks(_serviceDraws, destination.Multiplier);
        Schedule(now + service, new SimEvent(SimEventKind.Completion, attachment, arrivalTicks, error, request));
    }

    private void Complete(long now, in SimEvent completion)
    {
        var destination = _cluster[completion.Target].Destination;
        destination.ReleaseServer();
        // With a timeout, an answer counts only while its client still waits (a 504 already went out otherwise).
        if (_timeoutTicks == 0 || _awaiting.Remove(completion.Request))
        {
            Finish(now, completion.Target, completion.ArrivalTicks, completion.Failure);
        }
        if (destination.TryDequeue(out var waiting))
        {
            StartService(now, waiting.Attachment, waiting.ArrivalTicks, waiting.Request);
        }
    }

    private void Finish(long now, int attachment, long arrivalTicks, bool failure,
        bool rejected = false, bool transportFailure = false, bool timedOut = false)
    {
        var (destination, backend) = _cluster[attachment];
        backend.RequestEnded();
        destination.Ended(now);
        var latency = now - arrivalTicks;
        destination.Latencies.Add(latency);
        if (failure && !rejected)
        {
            destination.Errors++;
        }
        if (_cluster[attachment].Current)
        {
            _cluster.Balancer.RecordOutcome(backend, now, TimeSpan.FromTicks(latency), failure);
        }
        _observer?.OnCompletion(TimeSpan.FromTicks(now - VirtualTimeProvider.OriginTicks), backend, _cluster.Balancer,
            rejected ? 503 : timedOut ? 504 : failure ? 500 : 200, transportFailure, TimeSpan.FromTicks(latency));
    }

    /// <param name="gapTicks">The gap drawn for it (drawn even when arrivals end here, as the stream's order requires).</param>
    private void ScheduleNextArrival(long now, long gapTicks)
    {
        var next = now + gapTicks;
        var countReached = _scenario.Requests > 0 && _arrived >= _scenario.Requests;
        if (countReached || next > _stopTicks)
        {
            EndArrivals(now);
            return;
        }
        _arrivalTicks = next;
        _arrivalSeq = ++_seq;
        _arrivalPending = true;
    }

    /// <summary>The next event in (time, sequence) order: the pending arrival or the queue's first.</summary>
    private bool TryNext(out SimEvent next, out long now)
    {
        if (_arrivalPending && (!_queue.TryPeek(out var time, out var seq) || _arrivalTicks < time || (_arrivalTicks == time && _arrivalSeq < seq)))
        {
            _arrivalPending = false;
            next = new SimEvent(SimEventKind.Arrival, 0, 0, false);
            now = _arrivalTicks;
            return true;
        }
        return _queue.TryDequeue(out next, out now);
    }

    private void EndArrivals(long now)
    {
        _arrivalsOver = true;
        _lastArrivalTicks = now;
        _cluster.CloseEpoch();
        _keyPhases?.Close(now - VirtualTimeProvider.OriginTicks);
        foreach (var destination in _cluster.Destinations)
        {
            destination.FreezeArea(now);
        }
    }

    private void Schedule(long time, in SimEvent simEvent) => _queue.Enqueue(simEvent, time, ++_seq);

    /// <summary>Arrivals the run will have: its count, or for a run bounded by time the rate times the duration.</summary>
    private static double ExpectedArrivals(SimulationScenario scenario) =>
        scenario.Requests > 0 ? scenario.Requests : scenario.Arrivals.Rate * (scenario.Duration?.TotalSeconds ?? 0);

    /// <summary>Events by time; equal times keep the order they were given in (OrderBy is stable).</summary>
    private static ScenarioEvent[] SortedEvents(IReadOnlyList<ScenarioEvent> events) =>
        events.OrderBy(e => e.At).ToArray();

    /// <summary>SplitMix64 finalizer: decorrelated, reproducible seeds for each random stream.</summary>
    private static int DeriveSeed(int seed, int stream)
    {
        var z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
