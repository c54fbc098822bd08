using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Tests.Balancing;

public sealed class ConsistentHashPickerTests
{
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
