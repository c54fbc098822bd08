namespace Fulcrum.Incidents;

/// <summary>The span an incident report covers, and in words how it was chosen (shown in the postmortem).</summary>
internal sealed record IncidentWindow(DateTimeOffset Start, DateTimeOffset End, string Reason)
{
    public TimeSpan Length => End - Start;
}
