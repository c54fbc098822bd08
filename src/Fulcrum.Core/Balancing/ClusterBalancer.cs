using Fulcrum.Core.Config;

namespace Fulcrum.Core.Balancing;

/// <summary>
/// One cluster's balancing state: its backends in config order, which of them are eligible (healthy, not
/// ejected, weight above zero), the picker over the eligible ones, passive outlier ejection, slow start and
/// panic mode (no eligible destination: spread over all, as Envoy does). Shared by the proxy and the simulator.
/// State changes happen under a lock and publish new snapshots; <see cref="Pick"/> and
/// <see cref="RecordOutcome"/> are lock-free and allocation-free unless they trigger a state change.
/// Events are raised after the lock is released, on the thread that caused them.
/// </summary>
public sealed class ClusterBalancer
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Backend[] _backends;
    private readonly bool[] _wasEligible;
    private readonly FailurePenalty _penalty;
    private Backend[] _eligible = [];
    private long _nextReturnTicks = long.MaxValue;
    private bool _panic;

    public ClusterBalancer(ClusterConfig config, TimeProvider time, Random? random = null, IReadOnlyList<Backend>? previous = null)
        : this(config, time, random, previous, singleThreaded: false)
    {
    }

    /// <param name="singleThreaded">
    /// One thread drives this balancer and its backends (the simulator): new backends count and estimate without
    /// interlocked operations or locks (see <see cref="Backend"/>'s internal constructor). Picks are unchanged.
    /// </param>
    internal ClusterBalancer(ClusterConfig config, TimeProvider time, Random? random, IReadOnlyList<Backend>? previous, bool singleThreaded)
    {
        Config = config;
        _penalty = new FailurePenalty { SingleWriter = singleThreaded };
        _time = time;
        Picker = BuiltInPolicies.CreatePicker(config, random ?? Random.Shared);
        var before = previous?.ToDictionary(b => b.Name, b => b.IsEligible, StringComparer.Ordinal);
        _backends = BuildBackends(config, previous, singleThreaded);
        // Slow start applies to what becomes eligible from now on: at a reload, destinations that are new or
        // were ineligible before it; at the very first construction, nothing (a cold start ramps nobody).
        _wasEligible = [.. _backends.Select(b => before is null || (before.TryGetValue(b.Name, out var was) && was))];
        var now = NowTicks();
        var events = new List<BalancerEvent>();
        lock (_gate)
        {
            _nextReturnTicks = EarliestReturn();
            RecomputeEligible(now, events);
        }
        // Nobody can have subscribed yet, so what construction caused is kept for the driver to journal.
        StartupEvents = events;
    }

    public string Name => Config.Name;

    public ClusterConfig Config { get; }

    public IPicker Picker { get; }

    public TimeProvider Time => _time;

    /// <summary>All backends in config order.</summary>
    public IReadOnlyList<Backend> Backends => _backends;

    /// <summary>The backends the picker currently chooses from (all of them in panic mode).</summary>
    public IReadOnlyList<Backend> Eligible => Volatile.Read(ref _eligible);

    /// <summary>True when no destination is eligible and traffic is spread over all of them.</summary>
    public bool Panic => Volatile.Read(ref _panic);

    /// <summary>The cluster's typical successful response time, the base of the fast-error penalty.</summary>
    public TimeSpan TypicalLatency => _penalty.Typical;

    /// <summary>Events caused by construction (slow starts of destinations new at a reload, panic from the start).</summary>
    public IReadOnlyList<BalancerEvent> StartupEvents { get; }

    /// <summary>Raised (off the hot path) after the eligible set changed.</summary>
    public event Action<ClusterBalancer>? EligibilityChanged;

    /// <summary>Raised for ejections, returns, health changes, panic, skipped ejections and slow starts.</summary>
    public event Action<BalancerEvent>? Event;

    public long NowTicks() => MonotonicTicks.Now(_time);

    /// <summary>Picks a destination for one request; null only when the cluster has no destinations at all.</summary>
    public Backend? Pick(in PickContext context)
    {
        if (context.NowTicks >= Volatile.Read(ref _nextReturnTicks))
        {
            Tick(context.NowTicks);
        }
        return _backends.Length == 0 ? null : Picker.Pick(context);
    }

    public Backend? Find(string destinationName)
    {
        foreach (var backend in _backends)
        {
            if (backend.Name == destinationName)
            {
                return backend;
            }
        }
        return null;
    }

    /// <summary>Returns ejected destinations whose time is up. Pick and RecordOutcome call it lazily; drivers may too.</summary>
    public void Tick(long nowTicks)
    {
        // Small enough to inline: the simulator calls it on every event, and nothing is due almost always.
        if (nowTicks >= Volatile.Read(ref _nextReturnTicks))
        {
            ReturnDue(nowTicks);
        }
    }

    private void ReturnDue(long nowTicks)
    {
        var events = new List<BalancerEvent>();
        lock (_gate)
        {
            foreach (var backend in _backends)
            {
                if (backend.Ejected && backend.Outlier.EjectedUntilTicks <= nowTicks)
                {
                    backend.Ejected = false;
                    backend.Outlier.MarkReturned(nowTicks);
                    events.Add(NewEvent(BalancerEventKind.Returned, backend, nowTicks,
                        $"ejection over after {backend.Outlier.TimesEjected} ejection(s)", count: backend.Outlier.TimesEjected));
                }
            }
            Volatile.Write(ref _nextReturnTicks, EarliestReturn());
            if (events.Count > 0)
            {
                RecomputeEligible(nowTicks, events);
            }
        }
        Raise(events, eligibilityChanged: events.Count > 0);
    }

    /// <summary>Applies an active health check verdict at the balancer clock's current time.</summary>
    public void SetActiveHealth(Backend backend, bool healthy) => SetActiveHealth(backend, healthy, NowTicks());

    /// <summary>Applies an active health check verdict at <paramref name="now"/> (the simulator's virtual time).</summary>
    public void SetActiveHealth(Backend backend, bool healthy, long now)
    {
        var events = new List<BalancerEvent>();
        lock (_gate)
        {
            if (backend.ActiveHealthy == healthy || Array.IndexOf(_backends, backend) < 0)
            {
                return;
            }
            backend.ActiveHealthy = healthy;
            events.Add(NewEvent(BalancerEventKind.HealthChanged, backend, now, healthy ? "healthy" : "unhealthy"));
            RecomputeEligible(now, events);
        }
        Raise(events, eligibilityChanged: true);
    }

    /// <summary>
    /// Called by the driver when a response (or transport failure) completes. <paramref name="failure"/> is the
    /// driver's verdict (5xx or transport error). Feeds the peak-EWMA estimate (failures penalized, see
    /// <see cref="FailurePenalty"/>), the success ratio peak-ewma divides its cost by, and passive outlier detection.
    /// </summary>
    public void RecordOutcome(Backend backend, long nowTicks, TimeSpan latency, bool failure)
    {
        if (nowTicks >= Volatile.Read(ref _nextReturnTicks))
        {
            Tick(nowTicks);
        }
        var penalized = _penalty.Apply(latency, failure);
        if (backend.SingleThreaded && backend.Latency.DecaysLike(backend.SuccessRate))
        {
            // One e^(−Δt/τ) for both estimators (the same number each would compute): one Math.Exp per outcome.
            var keep = backend.Latency.KeepAt(nowTicks);
            backend.Latency.Observe(nowTicks, penalized, keep);
            backend.SuccessRate.Observe(nowTicks, failure, keep);
        }
        else
        {
            backend.Latency.Observe(nowTicks, penalized);
            backend.SuccessRate.Observe(nowTicks, failure);
        }
        if (!failure)
        {
            backend.Outlier.RecordSuccess();
            return;
        }
        var passive = Config.Health.Passive;
        var streak = backend.Outlier.RecordFailure();
        if (passive is not null && streak >= passive.ConsecutiveFailures && !backend.Ejected)
        {
            TryEject(backend, nowTicks, passive, streak);
        }
    }

    private void TryEject(Backend backend, long nowTicks, PassiveHealthConfig passive, int streak)
    {
        var events = new List<BalancerEvent>();
        lock (_gate)
        {
            if (backend.Ejected || Array.IndexOf(_backends, backend) < 0)
            {
                return;
            }
            backend.Outlier.ResetStreak();
            var ejected = _backends.Count(b => b.Ejected);
            var cap = EjectionRules.MaxEjected(passive, _backends.Length);
            if (ejected + 1 > cap)
            {
                events.Add(NewEvent(BalancerEventKind.EjectionSkippedByCap, backend, nowTicks,
                    $"{streak} consecutive failures, but {ejected} of {_backends.Length} already ejected " +
                    $"(max-ejected-percent {passive.MaxEjectedPercent} allows {cap})", count: streak));
            }
            else
            {
                var times = EjectionRules.NextTimesEjected(backend.Outlier, nowTicks, passive.Ejection);
                var duration = EjectionRules.Duration(passive.Ejection, times);
                backend.Ejected = true;
                backend.Outlier.MarkEjected(times, nowTicks + duration.Ticks);
                Volatile.Write(ref _nextReturnTicks, EarliestReturn());
                events.Add(NewEvent(BalancerEventKind.Ejected, backend, nowTicks,
                    $"{streak} consecutive failures; ejected for {duration} (ejection #{times})", duration, times));
                RecomputeEligible(nowTicks, events);
            }
        }
        Raise(events, eligibilityChanged: events[0].Kind == BalancerEventKind.Ejected);
    }

    private static Backend[] BuildBackends(ClusterConfig config, IReadOnlyList<Backend>? previous, bool singleThreaded)
    {
        var result = new Backend[config.Destinations.Count];
        // One in-flight total per cluster, kept across reloads with the backends that feed it.
        var cluster = previous is { Count: > 0 } ? previous[0].Cluster : new ClusterInFlight();
        // By name, first one wins (as a scan would): a reload of 1,000 destinations must not compare 1,000² names.
        var byName = new Dictionary<string, Backend>(previous?.Count ?? 0, StringComparer.Ordinal);
        foreach (var backend in previous ?? [])
        {
            byName.TryAdd(backend.Name, backend);
        }
        for (var i = 0; i < result.Length; i++)
        {
            var destination = config.Destinations[i];
            if (byName.GetValueOrDefault(destination.Name) is { } reused)
            {
                reused.Index = i;
                reused.Weight = destination.Weight;
                reused.Capacity = destination.Capacity;
                reused.Address = destination.Address;
                result[i] = reused;
            }
            else
            {
                result[i] = new Backend(destination.Name, i, destination.Weight, destination.Capacity, destination.Address, cluster, singleThreaded);
            }
        }
        return result;
    }

    private long EarliestReturn()
    {
        var earliest = long.MaxValue;
        foreach (var backend in _backends)
        {
            if (backend.Ejected)
            {
                earliest = Math.Min(earliest, backend.Outlier.EjectedUntilTicks);
            }
        }
        return earliest;
    }

    /// <summary>Under the lock: starts slow-start ramps for newly eligible backends, updates panic and the picker.</summary>
    private void RecomputeEligible(long nowTicks, List<BalancerEvent> events)
    {
        var slowStart = Config.SlowStart is { } window && window > TimeSpan.Zero ? window : (TimeSpan?)null;
        for (var i = 0; i < _backends.Length; i++)
        {
            var backend = _backends[i];
            var eligible = backend.IsEligible;
            if (eligible && !_wasEligible[i] && slowStart is { } duration)
            {
                backend.StartRamp(nowTicks, duration);
                events.Add(NewEvent(BalancerEventKind.SlowStartBegan, backend, nowTicks, $"ramping up over {duration}", duration));
            }
            _wasEligible[i] = eligible;
        }
        Backend[] eligibleSet = [.. _backends.Where(b => b.IsEligible)];
        var panic = eligibleSet.Length == 0 && _backends.Length > 0;
        if (panic)
        {
            eligibleSet = _backends;
        }
        if (panic != _panic)
        {
            events.Add(NewEvent(panic ? BalancerEventKind.PanicEntered : BalancerEventKind.PanicExited, null, nowTicks,
                panic ? $"no eligible destination; spreading over all {_backends.Length}" : $"{eligibleSet.Length} destination(s) eligible again",
                count: panic ? 0 : eligibleSet.Length));
        }
        Volatile.Write(ref _panic, panic);
        if (eligibleSet.Length > 0)
        {
            Picker.Update(eligibleSet);
        }
        Volatile.Write(ref _eligible, eligibleSet);
    }

    private BalancerEvent NewEvent(
        BalancerEventKind kind, Backend? backend, long nowTicks, string detail, TimeSpan? duration = null, int? count = null) =>
        new(kind, Name, backend?.Name, nowTicks, _time.GetUtcNow(), detail, duration, count);

    private void Raise(List<BalancerEvent> events, bool eligibilityChanged)
    {
        if (eligibilityChanged)
        {
            EligibilityChanged?.Invoke(this);
        }
        foreach (var e in events)
        {
            Event?.Invoke(e);
        }
    }
}
