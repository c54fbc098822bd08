using Fulcrum.Core.Retries;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Retries;

/// <summary>The retry budget on a fake clock: ratio of the window's requests plus a per-second minimum, sliding.</summary>
public class RetryBudgetTests
{
    [Fact]
    public void Retries_stay_within_ratio_times_requests_plus_the_minimum()
    {
        var time = new FakeTimeProvider();
        var budget = new RetryBudget(0.2, time, minPerSecond: 1);
        var granted = 0;
        for (var i = 0; i < 1000; i++)
        {
            budget.RecordRequest();
            if (budget.TryAcquire())
            {
                granted++;
            }
        }
        // All in one second of one window: 20 % of 1000, plus 1/s × 10 s.
        Assert.Equal(210, granted);
        Assert.Equal(790, budget.Exhausted);
    }

    [Fact]
    public void A_quiet_cluster_may_still_retry_up_to_the_minimum()
    {
        var budget = new RetryBudget(0.2, new FakeTimeProvider(), minPerSecond: 2);
        var granted = Enumerable.Range(0, 50).Count(_ => budget.TryAcquire());
        Assert.Equal(20, granted);
    }

    [Fact]
    public void The_window_slides_old_requests_and_retries_expire()
    {
        var time = new FakeTimeProvider();
        var budget = new RetryBudget(0.5, time, minPerSecond: 0);
        for (var i = 0; i < 10; i++)
        {
            budget.RecordRequest();
        }
        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => budget.TryAcquire()));

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(budget.TryAcquire(), "still inside the window: the 5 retries are spent");

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(budget.TryAcquire(), "the old requests left the window with their retries: nothing to retry against");
        budget.RecordRequest();
        budget.RecordRequest();
        Assert.True(budget.TryAcquire());
        Assert.False(budget.TryAcquire());
    }
}
