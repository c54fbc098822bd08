using System.CommandLine;
using Fulcrum.Incidents;

namespace Fulcrum.Cli;

/// <summary>
/// <c>fulcrum postmortem</c>: a Markdown postmortem draft of the latest incident (or --since/--until) from the
/// journal, with the audit findings of the config in force when the incident began as corrective actions.
/// </summary>
internal static class PostmortemCommand
{
    public static Command Create()
    {
        var options = new JournalCommandOptions();
        var output = new Option<string?>("--output", "-o") { Description = "Write the Markdown to this file instead of stdout." };
        const string Description = "Draft a postmortem in Markdown from the journal: summary, timeline, causes, resolution, corrective actions.";
        return options.CreateCommand("postmortem", Description, output, async (parse, session, cancellationToken) =>
        {
            string? audited = null;
            // Journal texts carry names and values from configs and receivers: escaped, they cannot drive a terminal.
            var markdown = Core.Text.SafeText.EscapeLines(await new PostmortemBuilder(session.Journal).BuildAsync(session.Window, async (at, token) =>
            {
                var audit = await ServingConfigAudit.AuditAsync(session, at, token);
                audited = audit.Source;
                return audit;
            }, cancellationToken));
            if (parse.GetValue(output) is not { } file)
            {
                Console.Write(markdown);
                return ExitCodes.Ok;
            }
            try
            {
                File.WriteAllText(file, markdown);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"fulcrum postmortem: cannot write {file}: {e.Message}");
                return ExitCodes.InvalidConfig;
            }
            Console.WriteLine($"postmortem draft written to {file} ({Durations.Stamp(session.Window.Start)} → {Durations.Stamp(session.Window.End)}; corrective actions from the audit of {audited})");
            return ExitCodes.Ok;
        });
    }
}
