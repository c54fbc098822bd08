using System.CommandLine;
using System.Globalization;
using Fulcrum.Journal;

namespace Fulcrum.Cli;

/// <summary>
/// <c>fulcrum journal vacuum</c>: prunes the journal per the config's <c>journal.max-age</c> and <c>max-size</c> now,
/// then compacts the file (SQLite VACUUM), and says how big it was before and after. Safe next to a running proxy:
/// its appends wait for the compaction (SQLite's busy wait) instead of failing.
/// </summary>
internal static class JournalVacuumCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var vacuum = new Command("vacuum", "Prune the journal per journal.max-age and journal.max-size now, compact the file, and print its size before and after.") { config };
        vacuum.SetAction(parse => Run(parse.GetValue(config)!));
        return new Command("journal", "Maintain the journal file.") { vacuum };
    }

    private static int Run(string configPath)
    {
        if (!ValidateCommand.TryLoad(configPath, out var loaded))
        {
            return ExitCodes.InvalidConfig;
        }
        var settings = loaded!.Journal;
        if (!File.Exists(settings.Path))
        {
            Console.Error.WriteLine($"fulcrum journal vacuum: no journal at {Core.Text.SafeText.Escape(settings.Path)} (journal.path of {Core.Text.SafeText.Escape(configPath)})");
            return ExitCodes.InvalidConfig;
        }
        try
        {
            using var journal = new EventJournal(settings.Path, TimeProvider.System);
            var before = journal.FileBytes;
            var report = journal.Prune(settings.Retention);
            journal.Compact();
            var after = journal.FileBytes;
            Console.WriteLine($"journal {Core.Text.SafeText.Escape(settings.Path)}");
            Console.WriteLine(report.DroppedAny
                ? report.Summary(settings.Retention)
                : $"nothing to prune (max-age {JournalPruneReport.Hours(settings.Retention.MaxAge)}, max-size {JournalPruneReport.Mib(settings.Retention.MaxSize)})");
            Console.WriteLine($"size on disk {JournalPruneReport.Mib(before)} → {JournalPruneReport.Mib(after)} ({before.ToString(CultureInfo.InvariantCulture)} → {after.ToString(CultureInfo.InvariantCulture)} bytes)");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is JournalException or Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            Console.Error.WriteLine($"fulcrum journal vacuum: {e.Message}");
            return ExitCodes.RuntimeFailure;
        }
    }
}
