namespace Fulcrum.Core.Simulation;

/// <summary>
/// Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s by inverting a precomputed cumulative
/// table (binary search): exact for any exponent, O(log n) per draw, deterministic for a given Random.
/// </summary>
public sealed class ZipfSampler
{
    private readonly double[] _cumulative;

    public ZipfSampler(int count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        _cumulative = new double[count];
        var sum = 0.0;
        for (var k = 0; k < count; k++)
        {
            sum += 1.0 / Math.Pow(k + 1, exponent);
            _cumulative[k] = sum;
        }
        for (var k = 0; k < count; k++)
        {
            _cumulative[k] /= sum;
        }
        _cumulative[count - 1] = 1.0;
    }

    public int Count => _cumulative.Length;

    /// <summary>Probability of <paramref name="rank"/>.</summary>
    public double Probability(int rank) => rank == 0 ? _cumulative[0] : _cumulative[rank] - _cumulative[rank - 1];

    public int Sample(Random random)
    {
        var u = random.NextDouble();
        var index = Array.BinarySearch(_cumulative, u);
        // No exact hit: the complement is the first entry above u, which is the rank whose interval holds u.
        return index >= 0 ? index : Math.Min(~index, _cumulative.Length - 1);
    }
}
