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
        var reason = new Option<string?>("--reason") { Description = "Why (journaled with who acknowledged)." };
        var json = CliOptions.Json("Print the admin API's JSON answer (the alert) instead of text.");
        var command = new Command("ack", "Acknowledge a firing alert: escalation stops, the tiers already notified are told.") { id, config, admin, by, reason, json };
        command.SetAction((parse, cancellationToken) =>
            AdminClient.PostAsync("ack", parse.GetValue(config)!, parse.GetValue(admin),
                $"api/alerts/{Uri.EscapeDataString(parse.GetValue(id)!)}/ack?by={Uri.EscapeDataString(parse.GetValue(by)!)}"
                    + (string.IsNullOrWhiteSpace(parse.GetValue(reason)) ? "" : $"&reason={Uri.EscapeDataString(parse.GetValue(reason)!)}"),
                parse.GetValue(json), AdminAnswers.Ack, cancellationToken));
        return command;
    }
}
