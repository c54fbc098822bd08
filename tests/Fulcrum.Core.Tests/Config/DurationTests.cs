using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

public class DurationTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0.25ms", 0.25)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h0m5s250ms", 3_605_250)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("250us", 0.25)]
    [InlineData("1ms500us", 1.5)]
    public void Parses(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Duration.Parse(text));
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("30", "has no unit")]
    [InlineData("30 s", "no spaces")]
    [InlineData("5d", "unknown unit 'd'")]
    [InlineData("-1s", "negative")]
    [InlineData("s", "is not a duration")]
    [InlineData("1.2.3s", "is not a duration")]
    [InlineData("30s5m", "largest unit down")]
    [InlineData("1s1s", "repeats a unit")]
    [InlineData("99999999999999h", "too long")]
    public void Refuses_with_a_reason(string text, string reason)
    {
        Assert.False(Duration.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(250, "250ms")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(0.5, "0.5ms")]
    [InlineData(1_500, "1s500ms")]
    public void Formats_in_the_shortest_config_spelling_that_parses_back(double milliseconds, string text)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);

        Assert.Equal(text, Duration.Format(value));
        Assert.Equal(value, Duration.Parse(text));
    }

    [Theory]
    [InlineData("3000000000000000000h")]
    [InlineData("79228162514264337593543950335h")]
    [InlineData("792281625142643375935439503350000000000000000000000000000h")]
    [InlineData("9999999999999999999999999999.9999999999s")]
    [InlineData("256204778h48m5s477ms581us")]
    [InlineData("1h99999999999999999999999999ms")]
    public void Huge_durations_are_refused_as_too_long_never_an_overflow(string text)
    {
        Assert.False(Duration.TryParse(text, out _, out var error));
        Assert.Contains("too long a duration", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("24h", true)]
    [InlineData("24h0m0s1ms", false)]
    [InlineData("25h", false)]
    public void A_maximum_is_checked_exactly(string text, bool fits)
    {
        Assert.Equal(fits, Duration.TryParse(text, TimeSpan.FromHours(24), out var value, out var error));
        Assert.Equal(fits ? TimeSpan.FromHours(24) : TimeSpan.Zero, value);
        Assert.Equal(fits ? "" : $"'{text}' is longer than the longest allowed duration, 24h (1 day)", error);
    }

    [Fact]
    public void The_largest_duration_a_TimeSpan_holds_still_parses_without_a_maximum()
    {
        Assert.True(Duration.TryParse("256204778h48m5s477ms580us", out var value, out _));
        Assert.Equal(TimeSpan.MaxValue.Ticks / 10 * 10, value.Ticks);
    }
}
