using Fulcrum.Journal;

namespace Fulcrum.Incidents;

/// <summary>
/// Impact from the journal alone: the request and error counts alert events recorded in their details
/// (<see cref="AlertEventDetails"/>). Those are counts over the alerts' own windows, so the largest recorded ones are
/// reported as a lower bound, with the peak error rate seen.
/// </summary>
internal sealed class JournalImpactSource(IJournalReader journal) : IIncidentImpactSource
{
    public async Task<IncidentImpact?> GetImpactAsync(IncidentWindow window, CancellationToken cancellationToken)
    {
        var details = (await journal.ReadAsync(since: window.Start, until: window.End, limit: 100_000, kinds: EventKinds.AlertStates,
                cancellationToken: cancellationToken))
            .Select(e => AlertEventDetails.Parse(e.Details))
            .OfType<AlertEventDetails>()
            .ToList();
        var requests = details.Max(d => d.Requests);
        var errors = details.Max(d => d.Errors);
        var peak = details.Max(d => d.ErrorRate ?? (d.Requests is > 0 && d.Errors is { } e ? (double)e / d.Requests.Value : null));
        if (requests is null && errors is null && peak is null)
        {
            return null;
        }
        return new IncidentImpact(requests, errors, peak, null,
            "counts recorded by alerts in the journal; a lower bound, each covers only its alert's window");
    }
}
