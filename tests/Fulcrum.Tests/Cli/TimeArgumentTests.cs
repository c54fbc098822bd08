using Fulcrum.Cli;

namespace Fulcrum.Tests.Cli;

public sealed class TimeArgumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 20, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-24T19:00:00Z", "2026-11-24T19:00:00Z")]
    [InlineData("2026-11-24T19:00:00+01:00", "2026-11-24T18:00:00Z")]
    [InlineData("2026-11-24T19:00:00", "2026-11-24T19:00:00Z")] // no offset: UTC, like every time Fulcrum prints
    [InlineData("2026-11-24", "2026-11-24T00:00:00Z")]
    [InlineData("-2h", "2026-11-24T18:00:00Z")]
    [InlineData("2h", "2026-11-24T18:00:00Z")]
    [InlineData("30m", "2026-11-24T19:30:00Z")]
    [InlineData("-90s", "2026-11-24T19:58:30Z")]
    [InlineData("1d", "2026-11-23T20:00:00Z")]
    [InlineData("1.5h", "2026-11-24T18:30:00Z")]
    public void Parses_ISO_8601_and_spans_ago(string text, string expected)
    {
        Assert.True(TimeArgument.TryParse(text, Now, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2 hours")]
    [InlineData("--2h")]
    [InlineData("h")]
    public void Rejects_anything_else(string text)
    {
        Assert.False(TimeArgument.TryParse(text, Now, out _));
    }
}
