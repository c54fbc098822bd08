using System.CommandLine;
using Fulcrum.Core.Audit.Formatting;

namespace Fulcrum.Cli;

/// <summary><c>fulcrum rules</c>: the audit rule catalog — id, severity, title and doc page of each rule.</summary>
internal static class RulesCommand
{
    public static Command Create()
    {
        var command = new Command("rules", "List the audit rules: id, severity, title and doc page.");
        command.SetAction(_ =>
        {
            Console.Write(AuditFormatters.Rules());
            return ExitCodes.Ok;
        });
        return command;
    }
}
