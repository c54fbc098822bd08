namespace Fulcrum.Core.Tests.Balancing;

/// <summary>Draws key ranks 0..n-1 with P(rank k) ∝ 1/(k+1)^s: a few hot keys and a long tail, like real user ids.</summary>
internal sealed class ZipfKeys
{
    private readonly double[] _cumulative;
    private readonly Random _random;

    public ZipfKeys(int keys, double exponent, Random random)
    {
        _random = random;
        _cumulative = new double[keys];
        var sum = 0.0;
        for (var k = 0; k < keys; k++)
        {
            sum += 1.0 / Math.Pow(k + 1, exponent);
            _cumulative[k] = sum;
        }
        for (var k = 0; k < keys; k++)
        {
            _cumulative[k] /= sum;
        }
    }

    public int NextRank()
    {
        var index = Array.BinarySearch(_cumulative, _random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
    }
}
