using Fulcrum.Core.Balancing;
using Xunit.Abstractions;

namespace Fulcrum.Core.Tests.Balancing;

public sealed class MaglevPickerTests(ITestOutputHelper output)
{
    [Fact]
    public void Table_shares_match_weights_within_one_percent()
    {
        int[] weights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        var picker = new MaglevPicker(new Random(1), null);
        picker.Update(TestBackends.Make(weights));
        var table = picker.Table;

        var slots = new int[weights.Length];
        for (var slot = 0; slot < table.SlotCount; slot++)
        {
            slots[table.OwnerOf(slot)]++;
        }

        for (var i = 0; i < weights.Length; i++)
        {
            var expected = weights[i] / (double)weights.Sum();
            var actual = slots[i] / (double)table.SlotCount;
            output.WriteLine($"{TestBackends.NameOf(i)}: expected {expected:P3}, table {actual:P3}");
            Assert.InRange(actual / expected, 0.99, 1.01);
        }
    }

    [Fact]
    public void Key_shares_match_weights_over_ten_destinations()
    {
        int[] weights = [3, 1, 1, 2, 5, 1, 1, 4, 1, 1];
        var picker = new MaglevPicker(new Random(1), null);
        picker.Update(TestBackends.Make(weights));
        var random = new Random(77);
        var counts = new int[weights.Length];
        const int Keys = 400_000;

        for (var i = 0; i < Keys; i++)
        {
            counts[picker.Pick(new PickContext(0, (ulong)random.NextInt64(long.MinValue, long.MaxValue), true)).Index]++;
        }

        for (var i = 0; i < weights.Length; i++)
        {
            var expected = weights[i] / (double)weights.Sum();
            Assert.InRange(counts[i] / (double)Keys - expected, -0.01, 0.01);
        }
    }

    [Fact]
    public void Removing_one_of_ten_destinations_moves_few_keys()
    {
        var backends = TestBackends.Uniform(10);
        var picker = new MaglevPicker(new Random(1), null);
        picker.Update(backends);
        var keys = Enumerable.Range(0, 50_000).Select(i => KeyHasher.Hash($"session-{i}")).ToArray();
        var before = keys.Select(k => picker.Pick(new PickContext(0, k, true))).ToArray();

        picker.Update([.. backends.Where(b => b.Name != "d")]);
        var after = keys.Select(k => picker.Pick(new PickContext(0, k, true))).ToArray();

        var moved = keys.Where((_, i) => before[i] != after[i]).Count() / (double)keys.Length;
        var movedOffSurvivors = keys.Where((_, i) => before[i].Name != "d" && before[i] != after[i]).Count() / (double)keys.Length;
        output.WriteLine($"moved {moved:P2} of keys, {movedOffSurvivors:P2} from destinations that stayed");
        Assert.True(moved <= 0.15, $"{moved:P2} of keys moved");
        Assert.DoesNotContain(after, b => b.Name == "d");
    }
}
