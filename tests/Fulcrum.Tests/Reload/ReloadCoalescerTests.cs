using Fulcrum.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Tests.Reload;

public class ReloadCoalescerTests
{
    private sealed class Rig : IDisposable
    {
        public readonly FakeTimeProvider Time = new();
        public readonly List<(ConfigTrigger Trigger, string Content)> Reloads = [];
        public string File = "v0";
        public readonly ReloadCoalescer Coalescer;

        public Rig() => Coalescer = new ReloadCoalescer(Time, trigger => Reloads.Add((trigger, File)));

        public void Dispose() => Coalescer.Dispose();
    }

    [Fact]
    public void A_burst_of_changes_is_one_reload_of_the_last_content()
    {
        using var rig = new Rig();
        for (var i = 1; i <= 20; i++)
        {
            rig.File = $"v{i}";
            rig.Coalescer.Request(ConfigTrigger.FileChange);
            rig.Time.Advance(TimeSpan.FromMilliseconds(10));
        }
        Assert.Empty(rig.Reloads);

        rig.Time.Advance(ReloadCoalescer.Quiet);

        Assert.Equal([(ConfigTrigger.FileChange, "v20")], rig.Reloads);
        rig.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(rig.Reloads); // nothing left over
    }

    [Fact]
    public void A_steady_stream_is_still_applied_at_least_once_per_max_delay()
    {
        using var rig = new Rig();
        // A write every 100 ms for 3 s: never quiet for 250 ms.
        for (var i = 1; i <= 30; i++)
        {
            rig.File = $"v{i}";
            rig.Coalescer.Request(ConfigTrigger.FileChange);
            rig.Time.Advance(TimeSpan.FromMilliseconds(100));
        }
        rig.Time.Advance(ReloadCoalescer.Quiet);

        Assert.InRange(rig.Reloads.Count, 3, 4); // about one per second, not thirty and not none
        Assert.Equal("v30", rig.Reloads[^1].Content);
    }

    [Fact]
    public void A_signal_in_the_burst_makes_the_reload_a_signal_reload()
    {
        using var rig = new Rig();
        rig.Coalescer.Request(ConfigTrigger.FileChange);
        rig.Coalescer.Request(ConfigTrigger.Signal);
        rig.Coalescer.Request(ConfigTrigger.FileChange);

        rig.Time.Advance(ReloadCoalescer.Quiet);

        Assert.Equal([(ConfigTrigger.Signal, "v0")], rig.Reloads);
    }

    [Fact]
    public void Requests_during_a_reload_make_exactly_one_more()
    {
        var time = new FakeTimeProvider();
        var reloads = 0;
        ReloadCoalescer? coalescer = null;
        coalescer = new ReloadCoalescer(time, _ =>
        {
            if (++reloads == 1)
            {
                // Three more writes land while the first reload audits.
                coalescer!.Request(ConfigTrigger.FileChange);
                coalescer.Request(ConfigTrigger.FileChange);
                coalescer.Request(ConfigTrigger.FileChange);
            }
        });
        using (coalescer)
        {
            coalescer.Request(ConfigTrigger.FileChange);
            time.Advance(ReloadCoalescer.Quiet);
            Assert.Equal(1, reloads);

            time.Advance(ReloadCoalescer.Quiet);
            time.Advance(TimeSpan.FromSeconds(5));

            Assert.Equal(2, reloads);
        }
    }
}
