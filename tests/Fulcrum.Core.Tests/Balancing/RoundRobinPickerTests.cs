using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Tests.Balancing;

public sealed class RoundRobinPickerTests
{
    [Fact]
    public void Weights_5_1_1_give_the_nginx_sequence_from_a_random_start()
    {
        var picker = new RoundRobinPicker(new Random(7));
        picker.Update(TestBackends.Make(5, 1, 1));

        var window = string.Concat(Enumerable.Range(0, 7).Select(_ => picker.Pick(new PickContext(0)).Name));

        Assert.Contains(window, "aabacaa" + "aabacaa", StringComparison.Ordinal);
        Assert.Equal(RoundRobinMode.SmoothCycle, picker.Mode);
    }

    [Theory]
    [InlineData(new[] { 1, 1, 1 })]
    [InlineData(new[] { 5, 1, 1 })]
    [InlineData(new[] { 3, 2 })]
    [InlineData(new[] { 10, 20, 30 })]
    [InlineData(new[] { 2, 0, 1 })]
    [InlineData(new[] { 7, 13, 1, 1, 4 })]
    public void Every_window_of_one_cycle_has_exact_counts(int[] weights)
    {
        var picker = new RoundRobinPicker(new Random(1));
        picker.Update(TestBackends.Make(weights));
        var gcd = weights.Where(w => w > 0).Aggregate((a, b) => (int)System.Numerics.BigInteger.GreatestCommonDivisor(a, b));
        var cycle = weights.Sum() / gcd;

        var picks = Enumerable.Range(0, cycle * 3).Select(_ => picker.Pick(new PickContext(0)).Index).ToArray();

        for (var start = 0; start + cycle <= picks.Length; start += cycle / 2 + 1)
        {
            var counts = new int[weights.Length];
            for (var i = start; i < start + cycle; i++)
            {
                counts[picks[i]]++;
            }
            Assert.Equal(weights.Select(w => w / gcd), counts);
        }
    }

    [Fact]
    public void Separate_instances_start_at_different_positions()
    {
        var backends = TestBackends.Uniform(10);
        var firsts = Enumerable.Range(0, 10).Select(seed =>
        {
            var picker = new RoundRobinPicker(new Random(seed));
            picker.Update(backends);
            return picker.Pick(new PickContext(0)).Name;
        }).Distinct().Count();

        Assert.True(firsts >= 4, $"only {firsts} distinct first picks over 10 instances");
    }

    [Fact]
    public void A_weight_change_takes_effect_on_the_next_update()
    {
        var backends = TestBackends.Make(1, 1);
        var picker = new RoundRobinPicker(new Random(3));
        picker.Update(backends);
        backends[0].Weight = 3;

        Assert.Equal(50, TestBackends.Count(picker, 100)["a"]);

        picker.Update(backends);
        Assert.Equal(75, TestBackends.Count(picker, 100)["a"]);
    }

    [Fact]
    public void Long_cycles_fall_back_to_a_precomputed_deadline_order_with_exact_counts()
    {
        // 500 backends, cycle 50,000: the smooth build would take 25 M steps, so the EDF build is used.
        var weights = Enumerable.Range(0, 500).Select(i => i % 2 == 0 ? 1 : 199).ToArray();
        var picker = new RoundRobinPicker(new Random(5));
        picker.Update(TestBackends.Make(weights));

        Assert.Equal(RoundRobinMode.DeadlineCycle, picker.Mode);
        AssertExactOverCycle(picker, weights);
    }

    [Fact]
    public void Cycles_too_long_to_store_run_the_deadline_sequence_live_with_exact_counts()
    {
        var weights = Enumerable.Range(1, 400).ToArray(); // cycle 80,200 > 65,536
        var picker = new RoundRobinPicker(new Random(5));
        picker.Update(TestBackends.Make(weights));

        Assert.Equal(RoundRobinMode.LiveDeadline, picker.Mode);
        AssertExactOverCycle(picker, weights);
    }

    [Fact]
    public void A_ramping_backend_gets_a_reduced_share_until_its_ramp_ends()
    {
        var backends = TestBackends.Make(1, 1);
        var window = TimeSpan.FromSeconds(10);
        backends[1].StartRamp(0, window);
        var picker = new RoundRobinPicker(new Random(2));
        picker.Update(backends);

        var atHalf = TestBackends.Count(picker, 3000, window.Ticks / 2);
        var warm = TestBackends.Count(picker, 3000, window.Ticks);

        Assert.InRange(atHalf["b"], 990, 1010); // weight 0.5 against 1: one third
        Assert.Equal(1500, warm["b"]);
    }

    [Fact]
    public void Concurrent_picks_lose_no_position_in_the_cycle()
    {
        var picker = new RoundRobinPicker(Random.Shared);
        picker.Update(TestBackends.Make(5, 1, 1));
        var counts = new int[3];

        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 7_000; i++)
            {
                Interlocked.Increment(ref counts[picker.Pick(new PickContext(0)).Index]);
            }
        });

        Assert.Equal([20_000, 4_000, 4_000], counts);
    }

    [Fact]
    public void Picking_allocates_nothing()
    {
        var picker = new RoundRobinPicker(new Random(1));
        picker.Update(TestBackends.Make(5, 1, 1));

        Assert.Equal(0, TestBackends.AllocatedBy(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                picker.Pick(new PickContext(0));
            }
        }));
    }

    private static void AssertExactOverCycle(RoundRobinPicker picker, int[] weights)
    {
        var counts = new int[weights.Length];
        var cycle = weights.Sum();
        for (var i = 0; i < cycle; i++)
        {
            counts[picker.Pick(new PickContext(0)).Index]++;
        }
        Assert.Equal(weights, counts);
    }
}
