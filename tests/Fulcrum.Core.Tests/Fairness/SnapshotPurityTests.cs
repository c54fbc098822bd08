using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Tests.Fairness;

/// <summary>Reading the monitor changes nothing: only the <c>Sample()</c> tick moves skew tracking and the history.</summary>
public sealed class SnapshotPurityTests
{
    [Fact]
    public void Snapshots_add_no_history_points()
    {
        var fixture = new MonitorFixture(1, 1);
        fixture.SendOver(12, ("a", 600), ("b", 600));
        var sampled = fixture.Snapshot().History.Count;

        for (var i = 0; i < 20; i++)
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(5));
            fixture.Send("a", 10);
            _ = fixture.Snapshot();
        }

        Assert.Equal(3, sampled); // one point per 5 s of sampling: at 0, 5 and 10 s
        Assert.Equal(sampled, fixture.Snapshot().History.Count);
        Assert.Equal(sampled, fixture.Monitor.Snapshot()[0].History.Count);
    }

    [Fact]
    public void A_skew_starts_when_a_sample_first_sees_it_however_often_snapshots_are_taken()
    {
        var fixture = new MonitorFixture(1, 1, 1);
        fixture.Send("a", 600);
        fixture.Send("b", 200);
        fixture.Send("c", 200);

        // Without a sample, each read says "since now": nothing was recorded.
        var first = fixture.Snapshot().Verdict;
        fixture.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(fixture.Time.GetUtcNow(), fixture.Snapshot().Verdict.Since);
        Assert.Equal(VerdictKind.Skewed, first.Kind);

        fixture.Recorder.Sample();
        var sampledAt = fixture.Time.GetUtcNow();
        fixture.Time.Advance(TimeSpan.FromSeconds(4));
        _ = fixture.Snapshot();
        fixture.Time.Advance(TimeSpan.FromSeconds(4));

        var verdict = fixture.Snapshot().Verdict;
        Assert.Equal(sampledAt, verdict.Since);
        Assert.Equal(TimeSpan.FromSeconds(8), verdict.SkewedFor(fixture.Time.GetUtcNow()));
    }
}
