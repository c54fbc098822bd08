namespace Fulcrum.Tests.Support;

/// <summary>Values read from a Prometheus text exposition scraped from <c>/metrics</c>.</summary>
internal static class Scraped
{
    /// <summary>The value of the one series named exactly <paramref name="series"/> (name and labels).</summary>
    public static double Counter(string metrics, string series)
    {
        var line = metrics.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
