using System.CommandLine;

namespace Fulcrum.Cli;

/// <summary><c>fulcrum ack ID</c>: acknowledge a firing alert, which stops its escalation.</summary>
internal static class AckCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "The alert id (GET /api/alerts or the dashboard shows it)." };
        var config = CliOptions.Config();
        var admin = RollbackCommand.AdminOption();
        var by = new Option<string>("--by") { Description = "Who acknowledges (journaled).", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("ack", "Acknowledge a firing alert: escalation stops, the tiers already notified are told.") { id, config, admin, by };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = AdminClient.Create(parse.GetValue(config)!, parse.GetValue(admin), out var problem);
            if (client is null)
            {
                Console.Error.WriteLine($"ack: {problem}");
                return ExitCodes.InvalidConfig;
            }
            try
            {
                var path = $"api/alerts/{Uri.EscapeDataString(parse.GetValue(id)!)}/ack?by={Uri.EscapeDataString(parse.GetValue(by)!)}";
                using var response = await client.PostAsync(path, content: null, cancellationToken);
                return await AdminClient.ReportAsync(response, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                Console.Error.WriteLine($"ack: cannot reach {client.BaseAddress}: {e.Message}");
                return ExitCodes.AuditErrors;
            }
        });
        return command;
    }
}
