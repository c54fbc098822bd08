namespace Fulcrum.Core.Balancing;

/// <summary>
/// Weighted round robin, exact per cycle, lock-free in the common case. <see cref="Update"/> reduces the
/// weights by their GCD and precomputes one cycle (Σw/g picks) in NGINX's smooth order (5,1,1 → a a b a c a a);
/// <see cref="Pick"/> is then one interlocked increment and an array read. The shared counter starts at a random
/// position so that separate proxy instances do not all hit the first backend first (YARP #96).
/// Longer cycles: when the smooth order would cost too much to build, the cycle is built by earliest deadline
/// first instead (same counts, slightly different order); when it would not fit in memory at all, the EDF
/// sequence runs live under a lock, O(log n) per pick. While any backend ramps up (slow start) the weights
/// change with time, so picks go through a live smooth WRR over <see cref="Backend.WeightAt"/> until the
/// last ramp ends.
/// </summary>
internal sealed class RoundRobinPicker : IPicker
{
    /// <summary>Longest precomputed cycle (512 KiB of references).</summary>
    internal const int MaxCycleLength = 1 << 16;

    /// <summary>Budget of the O(cycle × n) smooth-order build; beyond it the O(cycle × log n) EDF build is used.</summary>
    internal const long MaxSmoothBuildSteps = 1 << 24;

    private readonly Random _random;
    private State _state = State.Empty;
    private long _counter;

    public RoundRobinPicker(Random random)
    {
        _random = random;
        _counter = random.NextInt64(0, int.MaxValue);
    }

    /// <summary>How the current snapshot picks when no backend ramps (for tests and diagnostics).</summary>
    internal RoundRobinMode Mode => Volatile.Read(ref _state).Mode;

    public void Update(IReadOnlyList<Backend> eligible)
    {
        Backend[] backends = [.. eligible];
        var weights = RoundRobinSchedule.ReducedWeights(backends);
        var ramp = new SmoothWeightedRoundRobinPicker();
        ramp.Update(backends);
        var rampEnd = backends.Length == 0 ? long.MinValue : backends.Max(b => b.RampEndTicks);
        var cycle = RoundRobinSchedule.TryBuildCycle(backends, weights, MaxCycleLength, MaxSmoothBuildSteps, out var mode);
        EarliestDeadlineSequence? live = null;
        if (cycle is null)
        {
            live = new EarliestDeadlineSequence(weights);
            // Start somewhere in the cycle, as the precomputed path does, so instances do not move in step.
            var skip = _random.NextInt64(0, Math.Min(live.CycleLength, MaxCycleLength));
            for (var i = 0L; i < skip; i++)
            {
                live.Next();
            }
        }
        Volatile.Write(ref _state, new State(backends, cycle, live, ramp, rampEnd, mode));
    }

    public Backend Pick(in PickContext context)
    {
        var state = Volatile.Read(ref _state);
        if (context.NowTicks < state.RampEndTicks)
        {
            return state.Ramp.Pick(context);
        }
        if (state.Cycle is { } cycle)
        {
            var position = (ulong)Interlocked.Increment(ref _counter);
            return cycle[(int)(position % (ulong)cycle.Length)];
        }
        lock (state.Live!)
        {
            return state.Backends[state.Live.Next()];
        }
    }

    private sealed record State(
        Backend[] Backends,
        Backend[]? Cycle,
        EarliestDeadlineSequence? Live,
        SmoothWeightedRoundRobinPicker Ramp,
        long RampEndTicks,
        RoundRobinMode Mode)
    {
        public static readonly State Empty = new([], [], null, new SmoothWeightedRoundRobinPicker(), long.MinValue, RoundRobinMode.SmoothCycle);
    }
}

internal enum RoundRobinMode
{
    /// <summary>Precomputed cycle in NGINX's smooth order.</summary>
    SmoothCycle,

    /// <summary>Precomputed cycle in earliest-deadline order (the smooth build would be too slow).</summary>
    DeadlineCycle,

    /// <summary>Earliest-deadline sequence computed per pick (the cycle would be too long to store).</summary>
    LiveDeadline,
}
