using Fulcrum.Core.Balancing;
using Fulcrum.Core.Simulation;

namespace Fulcrum.Core.Tests.Simulation;

public sealed class VirtualTimeProviderTests
{
    [Fact]
    public void The_clock_moves_only_when_advanced_and_reads_as_monotonic_ticks()
    {
        var time = new VirtualTimeProvider();
        var start = time.GetUtcNow();

        time.AdvanceTo(VirtualTimeProvider.OriginTicks + TimeSpan.FromSeconds(3).Ticks);

        Assert.Equal(VirtualTimeProvider.OriginTicks + TimeSpan.FromSeconds(3).Ticks, MonotonicTicks.Now(time));
        Assert.Equal(TimeSpan.FromSeconds(3), time.Elapsed);
        Assert.Equal(TimeSpan.FromSeconds(3), time.GetUtcNow() - start);
        Assert.Throws<InvalidOperationException>(() => time.AdvanceTo(VirtualTimeProvider.OriginTicks));
    }

    [Fact]
    public void Timers_fire_in_due_order_at_their_virtual_time_and_periodic_ones_repeat()
    {
        var time = new VirtualTimeProvider();
        var fired = new List<(string Name, TimeSpan At)>();
        using var once = time.CreateTimer(_ => fired.Add(("once", time.Elapsed)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var every = time.CreateTimer(_ => fired.Add(("every", time.Elapsed)), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5));
        var cancelled = time.CreateTimer(_ => fired.Add(("cancelled", time.Elapsed)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        cancelled.Dispose();

        time.AdvanceTo(VirtualTimeProvider.OriginTicks + TimeSpan.FromSeconds(4.5).Ticks);

        Assert.Equal(
            [("every", TimeSpan.FromSeconds(1)), ("once", TimeSpan.FromSeconds(2)), ("every", TimeSpan.FromSeconds(2.5)), ("every", TimeSpan.FromSeconds(4))],
            fired);
    }

    [Fact]
    public void Changing_a_timer_reschedules_it()
    {
        var time = new VirtualTimeProvider();
        var fired = new List<TimeSpan>();
        using var timer = time.CreateTimer(_ => fired.Add(time.Elapsed), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Change(TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        time.AdvanceTo(VirtualTimeProvider.OriginTicks + TimeSpan.FromSeconds(5).Ticks);

        Assert.Equal([TimeSpan.FromSeconds(3)], fired);
    }
}
