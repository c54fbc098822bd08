using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Tests.Balancing;

public sealed class SmoothWeightedRoundRobinPickerTests
{
    [Fact]
    public void Weights_5_1_1_give_the_nginx_sequence()
    {
        var picker = new SmoothWeightedRoundRobinPicker();
        picker.Update(TestBackends.Make(5, 1, 1));

        var sequence = string.Concat(Enumerable.Range(0, 7).Select(_ => picker.Pick(new PickContext(0)).Name));

        Assert.Equal("aabacaa", sequence);
    }

    [Fact]
    public void All_zero_weights_are_spread_evenly()
    {
        var picker = new SmoothWeightedRoundRobinPicker();
        picker.Update(TestBackends.Make(0, 0, 0));

        Assert.Equal([3, 3, 3], TestBackends.Count(picker, 9).Values);
    }
}
