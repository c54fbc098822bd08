using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Fairness;

/// <summary>
/// What each destination should have got over the window when weights, ramps or eligibility moved during it:
/// every bucket's requests (to the destinations eligible now) are split by the effective weights sampled in that
/// bucket, and the sums are turned back into weights on the scale of the current ones. Steady config: the
/// current w·r. Buckets without samples (the host never sampled, or a gap) use the current w·r.
/// </summary>
internal static class WindowExpectation
{
    public static double[] EffectiveWeights(IReadOnlyList<Backend> backends, IReadOnlyList<WindowTotals> totals, long nowTicks)
    {
        var n = backends.Count;
        var current = new double[n];
        var currentSum = 0.0;
        for (var i = 0; i < n; i++)
        {
            current[i] = backends[i].IsEligible ? backends[i].WeightAt(nowTicks) : 0;
            currentSum += current[i];
        }
        if (currentSum <= 0 || n == 0)
        {
            return current;
        }

        var expectedRequests = new double[n];
        var bucketWeights = new double[n];
        double totalRequests = 0;
        for (var age = 0; age < totals[0].RequestsByAge.Length; age++)
        {
            long requests = 0, samples = 0;
            for (var i = 0; i < n; i++)
            {
                samples = Math.Max(samples, totals[i].SamplesByAge[age]);
                requests += current[i] > 0 ? totals[i].RequestsByAge[age] : 0;
            }
            if (requests == 0)
            {
                continue;
            }
            // Divide by the bucket's largest sample count: a destination added mid-bucket counts for its part of it.
            var weightSum = 0.0;
            for (var i = 0; i < n; i++)
            {
                bucketWeights[i] = current[i] <= 0 ? 0
                    : samples > 0 ? totals[i].WeightMilliByAge[age] / 1000.0 / samples
                    : current[i];
                weightSum += bucketWeights[i];
            }
            if (weightSum <= 0)
            {
                Array.Copy(current, bucketWeights, n);
                weightSum = currentSum;
            }
            for (var i = 0; i < n; i++)
            {
                expectedRequests[i] += requests * bucketWeights[i] / weightSum;
            }
            totalRequests += requests;
        }
        if (totalRequests == 0)
        {
            return current;
        }
        for (var i = 0; i < n; i++)
        {
            expectedRequests[i] = expectedRequests[i] / totalRequests * currentSum;
        }
        return expectedRequests;
    }
}
