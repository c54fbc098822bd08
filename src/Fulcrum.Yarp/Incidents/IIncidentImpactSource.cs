namespace Fulcrum.Incidents;

/// <summary>
/// Where the postmortem gets its impact numbers. The host implements it from whatever request statistics it keeps
/// (its counters, a Prometheus it can query); <see cref="JournalImpactSource"/> is the fallback that reads the
/// numbers alerts recorded in the journal. Return null when the source knows nothing about the window.
/// </summary>
internal interface IIncidentImpactSource
{
    Task<IncidentImpact?> GetImpactAsync(IncidentWindow window, CancellationToken cancellationToken);
}
