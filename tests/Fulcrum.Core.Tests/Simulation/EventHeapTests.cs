using Fulcrum.Core.Simulation;

namespace Fulcrum.Core.Tests.Simulation;

public class EventHeapTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Events_leave_in_time_then_sequence_order_under_random_interleaving(int seed)
    {
        // Many equal times (ties broken by the sequence number) and a queue that grows to thousands and drains again,
        // as a 1,000-destination run does: the same order as a sorted reference, whatever the heap's arity.
        var random = new Random(seed);
        var heap = new EventHeap();
        var reference = new SortedSet<(long Time, long Seq)>();
        long seq = 0;
        for (var step = 0; step < 50_000; step++)
        {
            var grow = step < 25_000 ? 0.7 : 0.3;
            if (reference.Count == 0 || random.NextDouble() < grow)
            {
                var time = random.Next(0, 500);
                seq++;
                heap.Enqueue(new SimEvent(SimEventKind.Arrival, (int)(seq % 1000), time, false, seq), time, seq);
                reference.Add((time, seq));
            }
            else
            {
                Assert.True(heap.TryDequeue(out var simEvent, out var time));
                var expected = reference.Min;
                reference.Remove(expected);
                Assert.Equal(expected, (time, simEvent.Request));
            }
            Assert.Equal(reference.Count, heap.Count);
        }
        while (reference.Count > 0)
        {
            Assert.True(heap.TryDequeue(out var simEvent, out var time));
            var expected = reference.Min;
            reference.Remove(expected);
            Assert.Equal(expected, (time, simEvent.Request));
        }
        Assert.False(heap.TryDequeue(out _, out _));
    }
}
