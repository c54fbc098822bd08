using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Tests.Balancing;

public sealed class SmoothWeightedRoundRobinPickerTests
{
    [Fact]
    public void Weights_5_1_1_give_the_nginx_sequence()
    {
        var picker = new SmoothWeightedRoundRobinPicker();
        picker.Update([new Backend("a", 0, 5), new Backend("b", 1, 1), new Backend("c", 2, 1)]);

        var sequence = string.Concat(Enumerable.Range(0, 7).Select(_ => picker.Pick(new PickContext(0)).Name));

        Assert.Equal("aabacaa", sequence);
    }
}
