using Fulcrum.Core.Text;
using System.Text;
using Fulcrum.Journal;

namespace Fulcrum.Incidents;

/// <summary>
/// Reads the journal over an incident window into an ordered timeline (time, then journal id for events stamped in
/// the same millisecond) and renders it as aligned text lines — what <c>fulcrum timeline</c> prints.
/// </summary>
internal sealed class TimelineBuilder(IJournalReader journal)
{
    private const int PageSize = 5000;

    /// <summary>Every event with Start ≤ time ≤ End, oldest first.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> BuildAsync(IncidentWindow window, CancellationToken cancellationToken = default)
    {
        var events = new List<JournalEvent>();
        long? after = null;
        while (true)
        {
            // Page by id so a long window never has to fit in one read.
            var page = await journal.ReadAsync(sinceId: after, since: window.Start, until: window.End, limit: PageSize, cancellationToken: cancellationToken);
            events.AddRange(page);
            if (page.Count < PageSize)
            {
                break;
            }
            after = page[^1].Id;
        }
        return events.OrderBy(e => e.Time).ThenBy(e => e.Id).Select(TimelineEntry.From).ToList();
    }

    /// <summary>
    /// One line per entry, kinds padded to line up. With <paramref name="withDetails"/>, each event's details (a
    /// config diff, the findings) follow it, indented.
    /// </summary>
    public static string Render(IReadOnlyList<TimelineEntry> entries, bool withDetails = false)
    {
        var width = entries.Count == 0 ? 0 : entries.Max(e => e.Kind.Length);
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            // Journal texts carry names and values from configs and receivers: escaped, they cannot drive the terminal.
            text.Append(SafeText.Escape(entry.Format(width).TrimEnd())).Append('\n');
            if (withDetails && !string.IsNullOrWhiteSpace(entry.Event.Details))
            {
                foreach (var line in entry.Event.Details.TrimEnd().Split('\n'))
                {
                    text.Append("    ").Append(SafeText.Escape(line.TrimEnd('\r'))).Append('\n');
                }
            }
        }
        return text.ToString();
    }
}
