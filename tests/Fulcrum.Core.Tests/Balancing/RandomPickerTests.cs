using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Tests.Balancing;

public sealed class RandomPickerTests
{
    [Fact]
    public void Shares_follow_the_weights()
    {
        var picker = new RandomPicker(new Random(11));
        picker.Update(TestBackends.Make(5, 3, 2));

        var counts = TestBackends.Count(picker, 100_000);

        Assert.InRange(counts["a"], 49_000, 51_000);
        Assert.InRange(counts["b"], 29_000, 31_000);
        Assert.InRange(counts["c"], 19_000, 21_000);
    }

    [Fact]
    public void Weight_zero_gets_nothing()
    {
        var picker = new RandomPicker(new Random(11));
        picker.Update(TestBackends.Make(1, 0, 1));

        Assert.False(TestBackends.Count(picker, 10_000).ContainsKey("b"));
    }

    [Fact]
    public void A_ramping_backend_gets_its_ramped_share()
    {
        var backends = TestBackends.Make(1, 1);
        backends[1].StartRamp(0, TimeSpan.FromSeconds(10));
        var picker = new RandomPicker(new Random(4));
        picker.Update(backends);

        // Half way through the ramp b weighs 0.5 against a's 1: a third of the picks.
        var counts = TestBackends.Count(picker, 30_000, TimeSpan.FromSeconds(5).Ticks);

        Assert.InRange(counts["b"], 9_500, 10_500);
    }

    [Fact]
    public void All_zero_weights_in_panic_still_spread()
    {
        var picker = new RandomPicker(new Random(2));
        picker.Update(TestBackends.Make(0, 0));

        var counts = TestBackends.Count(picker, 10_000);

        Assert.InRange(counts["a"], 4_700, 5_300);
    }

    [Fact]
    public void Picking_allocates_nothing()
    {
        var picker = new RandomPicker(new Random(1));
        picker.Update(TestBackends.Make(5, 1, 1));

        Assert.Equal(0, TestBackends.AllocatedBy(() => PickMany(picker)));
    }

    internal static void PickMany(IPicker picker, long nowTicks = 0)
    {
        for (var i = 0; i < 1000; i++)
        {
            picker.Pick(new PickContext(nowTicks, (ulong)i * 0x9E3779B97F4A7C15UL, HasKey: true));
        }
    }
}
