using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Tests.Balancing;

public sealed class ConsistentHashPickerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(300)]
    public void The_bucket_index_finds_the_first_point_clockwise(int destinations)
    {
        var picker = new ConsistentHashPicker(new Random(1), null);
        picker.Update(TestBackends.Make([.. Enumerable.Range(0, destinations).Select(i => i % 5 + 1)]));
        var positions = picker.Positions;
        var random = new Random(2);
        // Random keys, the points themselves and their neighbors, and both ends of the key space.
        var keys = Enumerable.Range(0, 20_000).Select(_ => (ulong)random.NextInt64(long.MinValue, long.MaxValue))
            .Concat(positions.Take(2_000).SelectMany(p => new[] { p - 1, p, p + 1 }))
            .Concat([0UL, ulong.MaxValue]);

        foreach (var key in keys)
        {
            var expected = Array.BinarySearch(positions, key);
            expected = expected < 0 ? ~expected : expected;
            while (expected > 0 && positions[expected - 1] == key)
            {
                expected--; // the first of equal points
            }
            Assert.Equal(expected == positions.Length ? 0 : expected, picker.SlotOf(key));
        }
    }

    [Theory]
    [InlineData("d10", "d11")]
    [InlineData("aa1", "aa2", "aa3")]
    [InlineData("a", "b", "c", "d")]
    public void Names_that_differ_in_one_character_still_split_the_ring_by_weight(params string[] names)
    {
        // Short names once shared most of their ring points (XXH3 XORs its seed into 1–3-byte inputs) and one took ~99 %.
        var cluster = new ClusterInFlight();
        var backends = names.Select((name, i) => new Backend(name, i, 1, cluster: cluster)).ToArray();
        var picker = new ConsistentHashPicker(new Random(1), null);
        picker.Update(backends);

        var counts = new Dictionary<string, int>();
        for (var i = 0; i < 60_000; i++)
        {
            var name = picker.Pick(new PickContext(0, KeyHasher.Hash($"user-{i}"), true)).Name;
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        foreach (var name in names)
        {
            var share = counts.GetValueOrDefault(name) / 60_000.0;
            // 160 points per destination leave a few percent of noise; the bug gave one destination ~99 %.
            Assert.InRange(share, 1.0 / names.Length * 0.7, 1.0 / names.Length * 1.3);
        }
    }

    [Fact]
    public void Only_the_keys_of_a_leaving_backend_move()
    {
        var backends = TestBackends.Uniform(10);
        var picker = new ConsistentHashPicker(new Random(1), null);
        picker.Update(backends);
        var keys = Enumerable.Range(0, 20_000).Select(i => KeyHasher.Hash($"session-{i}")).ToArray();
        var before = keys.Select(k => picker.Pick(new PickContext(0, k, true))).ToArray();

        picker.Update([.. backends.Where(b => b.Name != "c")]);

        for (var i = 0; i < keys.Length; i++)
        {
            if (before[i].Name != "c")
            {
                Assert.Same(before[i], picker.Pick(new PickContext(0, keys[i], true)));
            }
        }
    }

    [Fact]
    public void Weights_scale_the_ring_points()
    {
        var picker = new ConsistentHashPicker(new Random(1), null);
        picker.Update(TestBackends.Make(1, 3));
        var table = picker.Table;

        var onB = Enumerable.Range(0, table.SlotCount).Count(slot => table.OwnerOf(slot) == 1);

        Assert.Equal(ConsistentHashPicker.PointsPerLightestWeight * 4, table.SlotCount);
        Assert.Equal(ConsistentHashPicker.PointsPerLightestWeight * 3, onB);
    }
}
