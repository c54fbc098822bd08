using System.CommandLine;

namespace Fulcrum.Cli;

/// <summary><c>fulcrum rollback</c>: ask the running Fulcrum to go back to the last config that served cleanly.</summary>
internal static class RollbackCommand
{
    public static Option<string?> AdminOption() => new("--admin") { Description = "Admin URL of the running Fulcrum (default: from the config, or the journal when it binds port 0)." };

    public static Command Create()
    {
        var config = CliOptions.Config();
        var admin = AdminOption();
        var reason = new Option<string?>("--reason") { Description = "Why you roll back (journaled with your user name)." };
        var json = CliOptions.Json("Print the admin API's JSON answer instead of text.");
        var command = new Command("rollback", "Go back to the last config that served cleanly before the current one (journaled).") { config, admin, reason, json };
        command.SetAction((parse, cancellationToken) =>
            FleetRollback.Applies(parse.GetValue(config)!, out var fleet)
                ? FleetRollback.RunAsync(fleet!, parse.GetValue(reason), cancellationToken)
                : AdminClient.PostAsync("rollback", parse.GetValue(config)!, parse.GetValue(admin), Path(parse.GetValue(reason)),
                    parse.GetValue(json), AdminAnswers.Rollback, cancellationToken));
        return command;
    }

    /// <summary>The rollback call, naming the OS user and the reason (the admin API journals them with the rollback).</summary>
    private static string Path(string? reason) =>
        $"api/config/rollback?by={Uri.EscapeDataString(Environment.UserName)}"
        + (string.IsNullOrWhiteSpace(reason) ? "" : $"&reason={Uri.EscapeDataString(reason)}");
}
