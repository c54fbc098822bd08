using Fulcrum.Journal;

namespace Fulcrum.Incidents;

/// <summary>One line of an incident timeline, built from one journal event.</summary>
internal sealed record TimelineEntry(DateTimeOffset Time, string Kind, string Scope, string Text, JournalEvent Event)
{
    public static TimelineEntry From(JournalEvent e) => new(e.Time, e.Kind, e.Scope, e.Summary, e);

    /// <summary>
    /// "web: weights a 1→4 (forced past audit)", or the text alone for an event about no cluster; from the fleet
    /// journal, led by the instance that wrote it: "[edge-2] web: …".
    /// </summary>
    public string Description => Event.Instance is { } instance ? $"[{instance}] {Event.ScopedSummary}" : Event.ScopedSummary;

    /// <summary>"2026-11-24 19:03:12Z  config.applied  web: weights a 1→4 (forced past audit)".</summary>
    public override string ToString() => Format(Kind.Length);

    /// <summary>The line with the kind padded to <paramref name="kindWidth"/>, so a list of entries lines up.</summary>
    public string Format(int kindWidth) => $"{Durations.Stamp(Time)}  {Kind.PadRight(kindWidth)}  {Description}";
}
