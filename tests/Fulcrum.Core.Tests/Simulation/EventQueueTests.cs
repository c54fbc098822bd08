using Fulcrum.Core.Simulation;

namespace Fulcrum.Core.Tests.Simulation;

public class EventQueueTests
{
    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 500)]
    [InlineData(3, 8)]
    [InlineData(4, 1_000_000_000)]
    public void Events_leave_in_time_then_sequence_order_on_random_schedules(int seed, int spread)
    {
        // As a run schedules: never before the last event taken out, often exactly at it or at one shared time
        // (ties broken by the sequence number), a queue that grows to thousands and drains again as a
        // 1,000-destination run does, and peeks between the changes as the loop does against the pending arrival.
        // The reference is the BCL's heap keyed the same way.
        var random = new Random(seed);
        var queue = new EventQueue();
        var reference = new PriorityQueue<long, EventKey>();
        long seq = 0;
        long now = VirtualTimeProvider.OriginTicks;
        for (var step = 0; step < 60_000; step++)
        {
            var grow = step < 30_000 ? 0.7 : 0.3;
            if (reference.Count == 0 || random.NextDouble() < grow)
            {
                var time = random.Next(400) switch
                {
                    < 100 => now, // due at once: a tie with the last time taken out
                    < 200 => now + 7, // many events at one later time
                    // A time that wrapped around (a config's timeout or service time near the maximum): before the
                    // last one taken out, or at either end of the range. Ordered as signed numbers, as the heap did.
                    200 => now - random.Next(1, spread),
                    201 => long.MinValue + random.Next(0, 100),
                    202 => long.MaxValue - random.Next(0, 100),
                    _ => unchecked(now + random.Next(0, spread)),
                };
                seq++;
                queue.Enqueue(new SimEvent(SimEventKind.Completion, (int)(seq % 1000), time, false, seq), time, seq);
                reference.Enqueue(seq, new EventKey(time, seq));
            }
            else
            {
                now = TakeAndCompare(queue, reference);
            }
            Assert.Equal(reference.Count, queue.Count);
            if (reference.TryPeek(out _, out var first))
            {
                Assert.True(queue.TryPeek(out var time, out var peekedSeq));
                Assert.Equal(first, new EventKey(time, peekedSeq));
            }
        }
        while (reference.Count > 0)
        {
            TakeAndCompare(queue, reference);
        }
        Assert.False(queue.TryDequeue(out _, out _));
        Assert.False(queue.TryPeek(out _, out _));
    }

    [Fact]
    public void An_event_earlier_than_the_first_one_peeked_becomes_the_first()
    {
        // The loop peeks, takes the pending arrival instead (it was earlier), and the arrival schedules a completion
        // before the queue's first entry: that one must come out first.
        var queue = new EventQueue();
        queue.Enqueue(new SimEvent(SimEventKind.Completion, 1, 0, false, 1), 1_000, 1);
        queue.Enqueue(new SimEvent(SimEventKind.Completion, 2, 0, false, 2), 5_000, 2);
        Assert.True(queue.TryPeek(out var time, out _));
        Assert.Equal(1_000, time);
        queue.Enqueue(new SimEvent(SimEventKind.Completion, 3, 0, false, 3), 600, 3);
        Assert.True(queue.TryDequeue(out var simEvent, out time));
        Assert.Equal((600, 3), (time, simEvent.Target));
        Assert.True(queue.TryDequeue(out simEvent, out time));
        Assert.Equal((1_000, 1), (time, simEvent.Target));
    }

    [Fact]
    public void An_event_before_the_last_one_taken_out_still_leaves_in_order()
    {
        // Only a wrapped-around time does this (a discrete-event loop never schedules into the past): the queue
        // re-buckets around it instead of refusing, so a hostile config's audit gives the 4-ary heap's order.
        var queue = new EventQueue();
        queue.Enqueue(new SimEvent(SimEventKind.Completion, 1, 0, false, 1), 1_000, 1);
        queue.Enqueue(new SimEvent(SimEventKind.Completion, 2, 0, false, 2), 3_000, 2);
        Assert.True(queue.TryDequeue(out _, out _));
        queue.Enqueue(new SimEvent(SimEventKind.Completion, 3, 0, false, 3), 999, 3);
        queue.Enqueue(new SimEvent(SimEventKind.Completion, 4, 0, false, 4), long.MinValue, 4);
        queue.Enqueue(new SimEvent(SimEventKind.Completion, 5, 0, false, 5), long.MaxValue, 5);
        var order = new List<int>();
        while (queue.TryDequeue(out var simEvent, out _))
        {
            order.Add(simEvent.Target);
        }
        Assert.Equal([4, 3, 2, 5], order);
    }

    private static long TakeAndCompare(EventQueue queue, PriorityQueue<long, EventKey> reference)
    {
        Assert.True(queue.TryDequeue(out var simEvent, out var time));
        Assert.True(reference.TryDequeue(out var seq, out var key));
        Assert.Equal((key.Time, seq), (time, simEvent.Request));
        Assert.Equal(time, simEvent.ArrivalTicks); // the event travels with its key
        return time;
    }
}
