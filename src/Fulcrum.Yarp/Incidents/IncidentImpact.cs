namespace Fulcrum.Incidents;

/// <summary>
/// What the incident cost, as far as it is known. Counts are over the incident window; a null is "not recorded"
/// and is written as such, never guessed. <see cref="Source"/> says where the numbers come from.
/// </summary>
internal sealed record IncidentImpact(
    long? Requests,
    long? FailedRequests,
    double? PeakErrorRate,
    double? BaselineErrorRate,
    string Source)
{
    public double? ErrorRate => Requests is > 0 && FailedRequests is { } failed ? (double)failed / Requests.Value : null;
}
