using Fulcrum.Core.Balancing;
using Xunit.Abstractions;

namespace Fulcrum.Core.Tests.Balancing;

public sealed class LeastRequestsPickerTests(ITestOutputHelper output)
{
    [Fact]
    public void Picks_the_fewest_in_flight_per_unit_of_weight()
    {
        var backends = TestBackends.Make(4, 1);
        for (var i = 0; i < 3; i++)
        {
            backends[0].RequestStarted(); // 3 / 4 = 0.75
        }
        backends[1].RequestStarted(); // 1 / 1
        var picker = new LeastRequestsPicker(new Random(1));
        picker.Update(backends);

        Assert.Same(backends[0], picker.Pick(new PickContext(0)));
    }

    [Fact]
    public void Idle_ties_follow_the_weights_instead_of_config_order()
    {
        var picker = new LeastRequestsPicker(new Random(8));
        picker.Update(TestBackends.Make(3, 1));

        var counts = TestBackends.Count(picker, 20_000);

        Assert.InRange(counts["a"], 14_600, 15_400);
    }

    [Theory]
    [InlineData(new[] { 1, 1, 1, 1 })]
    [InlineData(new[] { 3, 2, 1 })]
    [InlineData(new[] { 10, 1, 5, 2, 2 })]
    public void Keeps_in_flight_per_weight_within_one_under_load(int[] weights)
    {
        var worst = WorstSpreadUnderLoad(new LeastRequestsPicker(new Random(21)), weights);
        // Control: weighted random under the same load drifts well past 1, so the bound is least-requests' doing.
        var control = WorstSpreadUnderLoad(new RandomPicker(new Random(21)), weights);

        output.WriteLine($"weights {string.Join(",", weights)}: worst spread of in-flight per weight {worst:F3} (random: {control:F3})");
        Assert.True(worst <= 1.0, $"spread {worst}");
        Assert.True(control > 1.0, $"random spread {control}");
    }

    /// <summary>
    /// A closed loop of 60 concurrent clients: each finished request (a random one) is replaced by a new one.
    /// Least-requests controls only arrivals, so this is the load it can balance; departures in bursts would
    /// unbalance any policy. Returns the worst max - min of in-flight per weight seen right after a pick.
    /// </summary>
    private static double WorstSpreadUnderLoad(IPicker picker, int[] weights)
    {
        var backends = TestBackends.Make(weights);
        picker.Update(backends);
        var random = new Random(22);
        var open = new List<Backend>();
        var worst = 0.0;
        for (var step = 0; step < 20_000; step++)
        {
            if (open.Count == 60)
            {
                var index = random.Next(open.Count);
                open[index].RequestEnded();
                open.RemoveAt(index);
            }
            var chosen = picker.Pick(new PickContext(0));
            chosen.RequestStarted();
            open.Add(chosen);
            var perWeight = backends.Select(b => b.InFlight / (double)b.Weight).ToArray();
            worst = Math.Max(worst, perWeight.Max() - perWeight.Min());
        }
        return worst;
    }

    [Fact]
    public void Picking_allocates_nothing()
    {
        var picker = new LeastRequestsPicker(new Random(1));
        picker.Update(TestBackends.Make(5, 1, 1, 3));

        Assert.Equal(0, TestBackends.AllocatedBy(() => RandomPickerTests.PickMany(picker)));
    }
}
