using Fulcrum.Receivers;

namespace Fulcrum.Tests.Receivers;

public sealed class RetryPolicyTests
{
    [Fact]
    public void Delays_double_from_the_base_and_stop_at_the_cap()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.5);

        var delays = Enumerable.Range(1, 7).Select(n => policy.DelayAfter(n, 0).TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], delays);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.DelayAfter(1000, 0));
    }

    [Fact]
    public void Jitter_shortens_a_delay_by_at_most_its_fraction()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(60), 0.25);

        Assert.Equal(TimeSpan.FromSeconds(8), policy.DelayAfter(2, 0));
        Assert.Equal(TimeSpan.FromSeconds(7), policy.DelayAfter(2, 0.5));
        Assert.True(policy.DelayAfter(2, 0.999999) > TimeSpan.FromSeconds(6));
    }

    [Fact]
    public void Nonsense_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 1.5));
    }
}
