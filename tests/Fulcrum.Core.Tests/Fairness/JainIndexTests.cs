using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Tests.Fairness;

public sealed class JainIndexTests
{
    [Fact]
    public void Perfect_split_is_one() => Assert.Equal(1.0, JainIndex.Of([1.0, 1.0, 1.0])!.Value, 1e-12);

    [Fact]
    public void One_taking_everything_is_one_over_n() => Assert.Equal(1.0 / 3, JainIndex.Of([3.0, 0, 0])!.Value, 1e-12);

    [Fact]
    public void Three_to_one_to_one_under_equal_weights()
    {
        // actual/expected = 1.8, 0.6, 0.6 → 3² / (3 · 3.96)
        Assert.Equal(9 / (3 * 3.96), JainIndex.Of([1.8, 0.6, 0.6])!.Value, 1e-12);
    }

    [Fact]
    public void Nothing_to_judge_is_null()
    {
        Assert.Null(JainIndex.Of([]));
        Assert.Null(JainIndex.Of([0.0, 0.0]));
    }
}
