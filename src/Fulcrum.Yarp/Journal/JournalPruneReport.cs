using System.Globalization;
using System.Text.Json;

namespace Fulcrum.Journal;

/// <summary>
/// What one pruning dropped: how many events and configs, the time range they spanned, their bytes, and the data
/// size before and after. Journaled as the details of <see cref="EventKinds.JournalPruned"/> (JSON), so the
/// timeline still says what is gone.
/// </summary>
internal sealed record JournalPruneReport(
    long Events,
    long Configs,
    DateTimeOffset? From,
    DateTimeOffset? To,
    long BytesDropped,
    long BytesBefore,
    long BytesAfter,
    bool ByAge,
    bool BySize)
{
    public bool DroppedAny => Events + Configs > 0;

    public string ToJson() => JsonSerializer.Serialize(this, JournalJson.Default.JournalPruneReport);

    /// <summary>"pruned 1200 event(s) and 1 config(s) from … to … (older than 336h): 3.1 MiB → 1.0 MiB".</summary>
    public string Summary(Fulcrum.Core.Config.JournalRetention retention)
    {
        var why = (ByAge, BySize) switch
        {
            (true, true) => $"older than {Hours(retention.MaxAge)} and over {Mib(retention.MaxSize)}",
            (true, false) => $"older than {Hours(retention.MaxAge)}",
            _ => $"over {Mib(retention.MaxSize)}",
        };
        return $"pruned {Events} event(s) and {Configs} config(s) from {Stamp(From)} to {Stamp(To)} ({why}): "
            + $"{Mib(BytesDropped)} of text dropped, data {Mib(BytesBefore)} → {Mib(BytesAfter)}";
    }

    private static string Stamp(DateTimeOffset? t) =>
        t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "?";

    internal static string Hours(TimeSpan span) => $"{span.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)}h";

    internal static string Mib(long bytes) => $"{(bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture)} MiB";
}
