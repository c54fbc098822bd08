using System.CommandLine;
using Fulcrum.Incidents;

namespace Fulcrum.Cli;

/// <summary><c>fulcrum timeline</c>: the journal's events over an incident window (the latest incident by default), oldest first.</summary>
internal static class TimelineCommand
{
    public static Command Create()
    {
        var options = new JournalCommandOptions();
        var details = new Option<bool>("--details") { Description = "Print each event's details under it (config diffs, audit findings, alert data)." };
        return options.CreateCommand("timeline", "Print what happened, from the journal: the latest incident, or --since/--until.", details, async (parse, session, cancellationToken) =>
        {
            var entries = await new TimelineBuilder(session.Journal).BuildAsync(session.Window, cancellationToken);
            Console.WriteLine($"window {Durations.Stamp(session.Window.Start)} → {Durations.Stamp(session.Window.End)}: {session.Window.Reason}");
            Console.WriteLine($"journal {session.Journal.Location}, {entries.Count} event(s), times UTC");
            Console.WriteLine();
            Console.Write(TimelineBuilder.Render(entries, parse.GetValue(details)));
            return ExitCodes.Ok;
        });
    }
}
