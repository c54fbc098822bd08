using Fulcrum.Core.Simulation;

namespace Fulcrum.Core.Tests.Simulation;

/// <summary>The histogram selection behind the simulator's percentiles answers exactly what sorting everything answers.</summary>
public sealed class RankSelectionTests
{
    public static TheoryData<string> Shapes => ["exponential", "equal", "two values", "wide", "few", "spike", "negative"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_rank_is_the_value_a_full_sort_puts_there(string shape)
    {
        var random = new Random(11);
        var parts = Enumerable.Range(0, 3).Select(p => Samples(shape, random, shape == "few" ? 40 + p : 30_000 + 7_000 * p)).ToArray();
        var sorted = parts.SelectMany(p => p).Order().ToArray();
        int[] ranks = [0, 1, sorted.Length / 2, (int)(sorted.Length * 0.99), sorted.Length * 999 / 1000, sorted.Length - 2, sorted.Length - 1];
        var values = new long[ranks.Length];

        // Padding past each part's count must be ignored.
        RankSelection.Select([.. parts.Select(p => p.Concat(new long[5].Select(_ => long.MaxValue)).ToArray())], [.. parts.Select(p => p.Length)], ranks, values);

        Assert.Equal(ranks.Select(r => sorted[r]), values);
    }

    [Fact]
    public void Percentiles_of_the_parts_together_are_those_of_their_union()
    {
        var random = new Random(5);
        var a = new LatencySamples(16);
        var b = new LatencySamples(16);
        var all = new List<long>();
        for (var i = 0; i < 20_000; i++)
        {
            var value = (long)(-100_000 * Math.Log(1 - random.NextDouble()));
            (i % 3 == 0 ? a : b).Add(value);
            all.Add(value);
        }
        all.Sort();

        var percentiles = LatencySamples.Percentiles([a, b], [0.5, 0.99, 0.999, 1.0]);

        Assert.Equal([all[9_999], all[19_799], all[19_979], all[19_999]], percentiles.Select(p => p.Ticks));
        Assert.Equal([TimeSpan.Zero], LatencySamples.Percentiles([new LatencySamples()], [0.5]));
    }

    private static long[] Samples(string shape, Random random, int count) => shape switch
    {
        "equal" => [.. Enumerable.Repeat(100_000L, count)],
        "two values" => [.. Enumerable.Range(0, count).Select(i => i % 10 == 0 ? 0L : 400_000L)],
        "wide" => [.. Enumerable.Range(0, count).Select(_ => random.NextInt64(0, long.MaxValue / 2))],
        // Most samples equal (a timeout), the rest spread: the equal bucket is refined until it is one value.
        "spike" => [.. Enumerable.Range(0, count).Select(i => i % 4 == 0 ? 400_000L : random.NextInt64(0, 800_000))],
        "negative" => [.. Enumerable.Range(0, count).Select(_ => random.NextInt64(-1_000_000, 1_000_000))],
        _ => [.. Enumerable.Range(0, count).Select(_ => (long)(-100_000 * Math.Log(1 - random.NextDouble())))],
    };
}
