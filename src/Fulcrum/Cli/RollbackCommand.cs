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
        var command = new Command("rollback", "Go back to the last config that served cleanly before the current one (journaled).") { config, admin };
        command.SetAction((parse, cancellationToken) =>
            FleetRollback.Applies(parse.GetValue(config)!, out var fleet)
                ? FleetRollback.RunAsync(fleet!, cancellationToken)
                : AdminClient.PostAsync("rollback", parse.GetValue(config)!, parse.GetValue(admin), "api/config/rollback", cancellationToken));
        return command;
    }
}
