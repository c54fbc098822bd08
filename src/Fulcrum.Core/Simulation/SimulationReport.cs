using System.Globalization;
using System.Text;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Simulation;

/// <summary>Formats a <see cref="SimulationResult"/> as a readable, aligned text table (what `fulcrum simulate` prints).</summary>
public static class SimulationReport
{
    private const int MaxBalancerEventsShown = 20;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Format(SimulationResult result)
    {
        var text = new StringBuilder();
        text.Append(Invariant, $"cluster {result.Cluster} ({result.PolicyName}), seed {result.Seed}: ")
            .Append(Invariant, $"{result.Requests:N0} requests in {Seconds(result.Duration)} of virtual time at {result.ArrivalRate:0.#} req/s offered\n");
        text.Append(Invariant, $"errors {result.Errors:N0} ({Percent(result.Requests == 0 ? 0 : (double)result.Errors / result.Requests)}), ")
            .Append(Invariant, $"rejected {result.Rejections:N0}, latency p50 {Latency(result.P50)}, p99 {Latency(result.P99)}, p99.9 {Latency(result.P999)}\n");
        if (result.LatencyThreshold is { } threshold)
        {
            text.Append(Invariant, $"at or over {Latency(threshold)}: {result.OverThreshold:N0} ({Percent(result.OverThresholdShare)}), ")
                .Append(Invariant, $"timed out {result.TimedOut:N0}\n");
        }
        foreach (var applied in result.EventsApplied)
        {
            text.Append("event ").Append(applied).Append('\n');
        }
        WriteBalancerEvents(text, result);
        text.Append('\n');
        var table = new TextTable("destination", "weight", "expected", "actual", "requests", "errors", "rejected",
            "p50", "p99", "p99.9", "avg in-flight", "max in-flight", "load");
        foreach (var d in result.Destinations)
        {
            table.Add(
                d.Name,
                d.Weight.ToString(Invariant),
                Percent(d.ExpectedShare),
                Percent(d.Share),
                d.Requests.ToString("N0", Invariant),
                d.Errors.ToString("N0", Invariant),
                d.Rejections.ToString("N0", Invariant),
                Latency(d.P50),
                Latency(d.P99),
                Latency(d.P999),
                d.AverageInFlight.ToString("0.00", Invariant),
                d.MaxInFlight.ToString(Invariant),
                d.Utilization is { } load ? Percent(load) : "-");
        }
        table.WriteTo(text);
        return text.ToString();
    }

    /// <summary>What the balancer did (ejections, returns, slow starts, panic), the first few of them.</summary>
    private static void WriteBalancerEvents(StringBuilder text, SimulationResult result)
    {
        var shown = Math.Min(result.BalancerEvents.Count, MaxBalancerEventsShown);
        for (var i = 0; i < shown; i++)
        {
            var e = result.BalancerEvents[i];
            var at = TimeSpan.FromTicks(e.AtTicks - VirtualTimeProvider.OriginTicks);
            text.Append(Invariant, $"balancer at {Seconds(at)}: {e.Kind}{(e.Destination is null ? "" : " " + e.Destination)}: {e.Detail}\n");
        }
        var more = result.BalancerEvents.Count - shown + result.BalancerEventsDropped;
        if (more > 0)
        {
            text.Append(Invariant, $"balancer: {more:N0} more event(s)\n");
        }
    }

    /// <summary>Latency with a unit that keeps three significant digits or so: 850us, 12.3ms, 1.25s.</summary>
    public static string Latency(TimeSpan latency)
    {
        var ms = latency.TotalMilliseconds;
        return ms switch
        {
            < 1 => (ms * 1000).ToString("0", Invariant) + "us",
            < 10 => ms.ToString("0.00", Invariant) + "ms",
            < 1000 => ms.ToString("0.0", Invariant) + "ms",
            _ => latency.TotalSeconds.ToString("0.00", Invariant) + "s",
        };
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0##", Invariant) + "s";

    private static string Percent(double fraction) => (fraction * 100).ToString("0.0", Invariant) + "%";
}
