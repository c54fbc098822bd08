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
}
