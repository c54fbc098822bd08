using Fulcrum.Core.Balancing;
using Xunit.Abstractions;

namespace Fulcrum.Core.Tests.Balancing;

/// <summary>Behavior both hash policies share: key stickiness, random spread without a key, bounded loads, slow start.</summary>
public sealed class HashPickerTests(ITestOutputHelper output)
{
    public static TheoryData<string> Policies => ["ring", "maglev"];

    internal static IPicker Create(string policy, double? balanceFactor, int seed = 1) => policy == "ring"
        ? new ConsistentHashPicker(new Random(seed), balanceFactor)
        : new MaglevPicker(new Random(seed), balanceFactor);

    [Theory]
    [MemberData(nameof(Policies))]
    public void The_same_key_goes_to_the_same_backend(string policy)
    {
        var picker = Create(policy, null);
        picker.Update(TestBackends.Uniform(5));
        var key = KeyHasher.Hash("user-42");

        var names = Enumerable.Range(0, 100).Select(_ => picker.Pick(new PickContext(0, key, HasKey: true)).Name).Distinct();

        Assert.Single(names);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Requests_without_a_key_spread_over_all_backends(string policy)
    {
        var picker = Create(policy, null);
        picker.Update(TestBackends.Uniform(4));

        var counts = TestBackends.Count(picker, 8_000);

        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 1_400, 2_600));
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Bounded_loads_tame_a_zipf_hot_spot_that_plain_hashing_shows(string policy)
    {
        var plain = MaxOverMean(Create(policy, null), balanceFactor: null);
        var bounded = MaxOverMean(Create(policy, 1.25), balanceFactor: 1.25);

        output.WriteLine($"{policy}: max/mean in-flight plain {plain.Ratio:F2} (max {plain.Max}), bounded(1.25) {bounded.Ratio:F2} (max {bounded.Max}, cap {bounded.Cap})");
        Assert.True(bounded.Max <= bounded.Cap, $"max in-flight {bounded.Max} above ⌈1.25 × mean⌉ = {bounded.Cap}");
        Assert.True(plain.Ratio > 1.5, $"plain hashing should show the hot spot, max/mean = {plain.Ratio}");
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void A_ramping_backend_takes_a_growing_stable_part_of_its_keys(string policy)
    {
        var backends = TestBackends.Uniform(4);
        var window = TimeSpan.FromSeconds(10);
        backends[0].StartRamp(0, window);
        var picker = Create(policy, null);
        picker.Update(backends);
        var keys = Enumerable.Range(0, 20_000).Select(i => KeyHasher.Hash($"k{i}")).ToArray();

        int KeysOnA(long now) => keys.Count(k => picker.Pick(new PickContext(now, k, true)) == backends[0]);
        var early = KeysOnA(window.Ticks / 5);
        var late = KeysOnA(window.Ticks * 4 / 5);
        var warm = KeysOnA(window.Ticks);

        output.WriteLine($"{policy}: keys on the ramping backend at 20 % {early}, 80 % {late}, warm {warm}");
        Assert.InRange(early / (double)warm, 0.15, 0.25);
        Assert.InRange(late / (double)warm, 0.75, 0.85);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Picking_allocates_nothing(string policy)
    {
        var picker = Create(policy, 1.25);
        picker.Update(TestBackends.Make(5, 1, 1, 3));

        Assert.Equal(0, TestBackends.AllocatedBy(() => RandomPickerTests.PickMany(picker)));
    }

    /// <summary>
    /// 200 concurrent clients with Zipf(1.1) keys over 1,000 users and 10 backends: each finished request (a random
    /// one) is replaced by a new one. Returns the worst max in-flight seen right after a pick and max/mean.
    /// </summary>
    private static (int Max, double Ratio, int Cap) MaxOverMean(IPicker picker, double? balanceFactor)
    {
        const int Clients = 200;
        var backends = TestBackends.Uniform(10);
        picker.Update(backends);
        var random = new Random(1234);
        var zipf = new ZipfKeys(1_000, 1.1, random);
        var open = new List<Backend>();
        var worst = 0;
        for (var step = 0; step < 20_000; step++)
        {
            if (open.Count == Clients)
            {
                var index = random.Next(open.Count);
                open[index].RequestEnded();
                open.RemoveAt(index);
            }
            var key = KeyHasher.Hash($"user-{zipf.NextRank()}");
            var chosen = picker.Pick(new PickContext(0, key, HasKey: true));
            chosen.RequestStarted();
            open.Add(chosen);
            if (open.Count == Clients)
            {
                worst = Math.Max(worst, backends.Max(b => b.InFlight));
            }
        }
        var mean = Clients / (double)backends.Length;
        return (worst, worst / mean, (int)Math.Ceiling((balanceFactor ?? 1) * mean));
    }
}
