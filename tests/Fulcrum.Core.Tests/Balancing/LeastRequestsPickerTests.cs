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

    [Theory]
    [InlineData(200, 600)]
    [InlineData(1000, 3000)]
    public void Large_clusters_keep_in_flight_per_weight_within_one_under_load(int destinations, int clients)
    {
        // Above 32 destinations picks go down the tree of loads; the bound must be the full scan's.
        int[] weights = [.. Enumerable.Range(0, destinations).Select(i => i % 5 + 1)];
        var worst = WorstSpreadUnderLoad(new LeastRequestsPicker(new Random(21)), weights, clients, steps: 3 * clients);
        var control = WorstSpreadUnderLoad(new RandomPicker(new Random(21)), weights, clients, steps: 3 * clients);

        output.WriteLine($"{destinations} destinations, {clients} clients: worst spread {worst:F3} (random: {control:F3})");
        Assert.True(worst <= 1.0, $"spread {worst}");
        Assert.True(control > 1.0, $"random spread {control}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1_000_003)] // a large weight: the tree compares k₁·w₂ with k₂·w₁ without overflow
    public void Every_pick_is_a_least_loaded_backend_as_counts_move(int firstWeight)
    {
        // Starts and ends land anywhere (not only where the picker sends them), as with several routes or retries.
        int[] weights = [firstWeight, .. Enumerable.Range(1, 299).Select(i => i % 7 + 1)];
        var backends = TestBackends.Make(weights);
        var picker = new LeastRequestsPicker(new Random(5));
        picker.Update(backends);
        var random = new Random(6);
        for (var step = 0; step < 5_000; step++)
        {
            var someone = backends[random.Next(backends.Length)];
            if (random.Next(3) == 0 && someone.InFlight > 0)
            {
                someone.RequestEnded();
            }
            else if (random.Next(2) == 0)
            {
                someone.RequestStarted();
            }
            var chosen = picker.Pick(new PickContext(0));
            var least = backends.Min(b => b.InFlight / (double)b.Weight);

            Assert.Equal(least, chosen.InFlight / (double)chosen.Weight);
            chosen.RequestStarted();
        }
    }

    [Fact]
    public void Large_idle_clusters_follow_the_weights()
    {
        // 100 destinations weighted 1, 2, 1, 2, …: nothing in flight, so every pick is a 100-way tie.
        int[] weights = [.. Enumerable.Range(0, 100).Select(i => i % 2 + 1)];
        var backends = TestBackends.Make(weights);
        var picker = new LeastRequestsPicker(new Random(3));
        picker.Update(backends);

        var counts = TestBackends.Count(picker, 30_000);
        var heavy = backends.Where(b => b.Weight == 2).Sum(b => counts.GetValueOrDefault(b.Name));

        Assert.Equal(100, counts.Count);
        Assert.InRange(heavy, 19_600, 20_400); // two thirds
    }

    [Fact]
    public void Counts_settle_exactly_after_concurrent_picks()
    {
        var backends = TestBackends.Uniform(500);
        var picker = new LeastRequestsPicker(Random.Shared);
        picker.Update(backends);

        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var chosen = picker.Pick(new PickContext(0));
                chosen.RequestStarted();
                chosen.RequestEnded();
            }
        });
        foreach (var backend in backends.Where(b => b != backends[77]))
        {
            backend.RequestStarted();
        }

        Assert.Equal(499, backends[0].Cluster.Count);
        Assert.Same(backends[77], picker.Pick(new PickContext(0)));
    }

    /// <summary>
    /// A closed loop of 60 concurrent clients: each finished request (a random one) is replaced by a new one.
    /// Least-requests controls only arrivals, so this is the load it can balance; departures in bursts would
    /// unbalance any policy. Returns the worst max - min of in-flight per weight seen right after a pick.
    /// </summary>
    private static double WorstSpreadUnderLoad(IPicker picker, int[] weights, int clients = 60, int steps = 20_000)
    {
        var backends = TestBackends.Make(weights);
        picker.Update(backends);
        var random = new Random(22);
        var open = new List<Backend>();
        var worst = 0.0;
        for (var step = 0; step < steps; step++)
        {
            if (open.Count == clients)
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

    [Theory]
    [InlineData(4)]
    [InlineData(1000)]
    public void Picking_allocates_nothing(int destinations)
    {
        var picker = new LeastRequestsPicker(new Random(1));
        picker.Update(TestBackends.Make([.. Enumerable.Range(0, destinations).Select(i => i % 5 + 1)]));

        Assert.Equal(0, TestBackends.AllocatedBy(() => RandomPickerTests.PickMany(picker)));
    }
}
