namespace LoadGen;

/// <summary>What the generator prints: counts by outcome, the error rate and latency percentiles.</summary>
internal sealed record RunReport(
    string Label,
    string Url,
    double Rate,
    double DurationSeconds,
    int Scheduled,
    int Sent,
    int Ok,
    double ErrorRate,
    double AchievedRate,
    double MaxSendLagMs,
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyDictionary<string, int>? ByHeader,
    LatencySummary? LatencyMs,
    LatencySummary? OkLatencyMs)
{
    public static RunReport From(LoadGenOptions options, RunResults results)
    {
        var outcomes = results.Outcomes;
        var indices = Enumerable.Range(0, outcomes.Length).ToArray();
        var sent = outcomes.Count(o => o != Outcome.Overflow);
        var ok = outcomes.Count(Outcome.IsSuccess);
        return new RunReport(
            options.Label,
            string.Join(" ", options.Urls),
            options.Rate,
            options.Duration.TotalSeconds,
            outcomes.Length,
            sent,
            ok,
            Math.Round(1.0 - (double)ok / outcomes.Length, 5),
            Math.Round(sent / (results.SendDuration.TotalSeconds + 1.0 / options.Rate), 1),
            Math.Round(results.MaxSendLag.TotalMilliseconds, 3),
            outcomes.GroupBy(Outcome.Name).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            options.CountHeader is null
                ? null
                : results.HeaderValues.GroupBy(v => v ?? "(none)").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            LatencySummary.Of(indices.Where(i => Outcome.IsResponse(outcomes[i])).Select(i => results.LatencyTicks[i])),
            LatencySummary.Of(indices.Where(i => Outcome.IsSuccess(outcomes[i])).Select(i => results.LatencyTicks[i])));
    }
}
