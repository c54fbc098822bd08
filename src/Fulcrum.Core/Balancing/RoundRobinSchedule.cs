namespace Fulcrum.Core.Balancing;

/// <summary>Builds the one-cycle schedules <see cref="RoundRobinPicker"/> replays.</summary>
internal static class RoundRobinSchedule
{
    /// <summary>
    /// Configured weights divided by their greatest common divisor (10,20,30 → 1,2,3: a cycle of 6, not 60).
    /// All-zero weights (panic over drained destinations) become all ones.
    /// </summary>
    public static long[] ReducedWeights(IReadOnlyList<Backend> backends)
    {
        var weights = backends.Select(b => (long)Math.Max(0, b.Weight)).ToArray();
        var divisor = weights.Aggregate(0L, Gcd);
        if (divisor == 0)
        {
            Array.Fill(weights, 1L);
            return weights;
        }
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] /= divisor;
        }
        return weights;
    }

    /// <summary>One full cycle of picks, or null when it would be longer than <paramref name="maxLength"/>.</summary>
    public static Backend[]? TryBuildCycle(
        Backend[] backends, long[] weights, int maxLength, long maxSmoothSteps, out RoundRobinMode mode)
    {
        var length = weights.Sum();
        if (length > maxLength || length == 0)
        {
            mode = RoundRobinMode.LiveDeadline;
            return null;
        }
        var cycle = new Backend[length];
        if (length * backends.Length <= maxSmoothSteps)
        {
            mode = RoundRobinMode.SmoothCycle;
            FillSmooth(backends, weights, cycle);
        }
        else
        {
            mode = RoundRobinMode.DeadlineCycle;
            var sequence = new EarliestDeadlineSequence(weights);
            for (var i = 0; i < cycle.Length; i++)
            {
                cycle[i] = backends[sequence.Next()];
            }
        }
        return cycle;
    }

    /// <summary>NGINX's smooth weighted round robin in integers: exact, and ties go to config order.</summary>
    private static void FillSmooth(Backend[] backends, long[] weights, Backend[] cycle)
    {
        var scores = new long[weights.Length];
        var total = cycle.LongLength;
        for (var step = 0; step < cycle.Length; step++)
        {
            var best = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                scores[i] += weights[i];
                if (scores[i] > scores[best])
                {
                    best = i;
                }
            }
            scores[best] -= total;
            cycle[step] = backends[best];
        }
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }
        return a;
    }
}
