using Fulcrum.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Tests.Reload;

/// <summary>Reloads run on the low-priority lane: a dedicated thread, off the pool that serves requests, niced on Linux.</summary>
public sealed class BackgroundLaneTests
{
    [Fact]
    public async Task Posted_work_runs_on_a_dedicated_low_priority_thread()
    {
        using var lane = new BackgroundLane("test-lane");
        var seen = new TaskCompletionSource<(bool Pool, ThreadPriority Priority, string? Name, int? Nice)>(TaskCreationOptions.RunContinuationsAsynchronously);

        lane.Post(() => seen.SetResult((Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Priority, Thread.CurrentThread.Name, OwnNice())));

        var (pool, priority, name, nice) = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(pool);
        Assert.Equal(ThreadPriority.BelowNormal, priority);
        Assert.Equal("test-lane", name);
        if (OperatingSystem.IsLinux())
        {
            // The scheduler's own view of the thread, not what .NET believes it set.
            Assert.Equal(BackgroundLane.LinuxNice, nice);
            Assert.Equal(BackgroundLane.LinuxNice, lane.Nice);
        }
    }

    [Fact]
    public async Task A_coalesced_reload_runs_on_the_lane_not_on_the_timer()
    {
        var time = new FakeTimeProvider();
        using var lane = new BackgroundLane("fulcrum-reload");
        var ran = new TaskCompletionSource<(ConfigTrigger Trigger, string? Thread)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var coalescer = new ReloadCoalescer(time, trigger => ran.TrySetResult((trigger, Thread.CurrentThread.Name)), lane.Post);

        coalescer.Request(ConfigTrigger.FileChange);
        time.Advance(ReloadCoalescer.Quiet);

        Assert.Equal((ConfigTrigger.FileChange, "fulcrum-reload"), await ran.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Work_posted_after_dispose_is_dropped_without_throwing()
    {
        var lane = new BackgroundLane("test-lane");
        lane.Dispose();

        lane.Post(() => throw new InvalidOperationException("must not run"));
    }

    /// <summary>Field 19 of /proc/thread-self/stat: the calling thread's nice value.</summary>
    private static int? OwnNice()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture); // field 19, counted from field 3
    }
}
