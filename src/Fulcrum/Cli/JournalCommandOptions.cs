using System.CommandLine;
using Fulcrum.Core.Config;
using Fulcrum.Incidents;
using Fulcrum.Journal;

namespace Fulcrum.Cli;

/// <summary>
/// What <c>timeline</c> and <c>postmortem</c> share: -c, --since and --until, the journal the config names opened
/// next to a running proxy (WAL lets readers in while it writes), and the incident window.
/// </summary>
internal sealed class JournalCommandOptions
{
    public Option<string> Config { get; } = CliOptions.Config();

    public Option<string?> Since { get; } = new("--since") { Description = $"Start of the window: {TimeArgument.Help}. Default: the latest incident." };

    public Option<string?> Until { get; } = new("--until") { Description = $"End of the window: {TimeArgument.Help}. Default: now." };

    /// <summary>
    /// A command with -c, --since, --until and <paramref name="extra"/> options whose action gets an open journal
    /// session (closed after it); when the session cannot be opened the reason is printed and the exit code is 2.
    /// </summary>
    public Command CreateCommand(string name, string description, Option extra, Func<ParseResult, JournalSession, CancellationToken, Task<int>> run)
    {
        var command = new Command(name, description) { Config, Since, Until, extra };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await OpenAsync(parse, name, cancellationToken);
            return session is null ? ExitCodes.InvalidConfig : await run(parse, session, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// Loads the config, opens its journal and resolves the window; on any problem prints why (to stderr) and
    /// returns null, for which the command exits with <see cref="ExitCodes.InvalidConfig"/>.
    /// </summary>
    private async Task<JournalSession?> OpenAsync(ParseResult parse, string commandName, CancellationToken cancellationToken)
    {
        var path = parse.GetValue(Config)!;
        if (!ValidateCommand.TryLoad(path, out var config))
        {
            return null;
        }
        var now = TimeProvider.System.GetUtcNow();
        if (!TryTime(parse, Since, now, commandName, out var since) || !TryTime(parse, Until, now, commandName, out var until))
        {
            return null;
        }
        if (since is { } s && until is { } u && s > u)
        {
            Console.Error.WriteLine($"fulcrum {commandName}: --since ({s:O}) is after --until ({u:O})");
            return null;
        }
        if (config!.Fleet is { } fleet)
        {
            return await OpenFleetAsync(path, config, fleet, since, until, now, commandName, cancellationToken);
        }
        var journalPath = config.Journal.Path;
        // EventJournal creates a missing file; a report on an empty new journal would only mislead.
        if (!File.Exists(journalPath))
        {
            Console.Error.WriteLine($"fulcrum {commandName}: no journal at {journalPath} (journal.path of {path}); "
                + "it is created when `fulcrum run` starts with this config");
            return null;
        }
        EventJournal journal;
        try
        {
            journal = new EventJournal(journalPath, TimeProvider.System);
        }
        catch (JournalException e)
        {
            Console.Error.WriteLine($"fulcrum {commandName}: {e.Message}");
            return null;
        }
        return new JournalSession(path, config, journal, (end, _) => Task.FromResult(ServingConfigAudit.AppliedBy(journal, end)),
            await IncidentWindowResolver.ResolveAsync(journal, since, until, now, cancellationToken: cancellationToken), journal);
    }

    /// <summary>The fleet's story: every instance's events from the shared store the config's <c>fleet</c> block names.</summary>
    private static async Task<JournalSession?> OpenFleetAsync(string path, FulcrumConfig config, FleetConfig fleet, DateTimeOffset? since,
        DateTimeOffset? until, DateTimeOffset now, string commandName, CancellationToken cancellationToken)
    {
        Fleet.FleetStore? store = null;
        try
        {
            store = new Fleet.FleetStore(Fleet.FleetSettings.From(fleet, Environment.GetEnvironmentVariable).ConnectionString);
            await store.EnsureSchemaAsync(cancellationToken);
            var journal = new Fleet.FleetJournal(store);
            return new JournalSession(path, config, journal, journal.ConfigAppliedByAsync,
                await IncidentWindowResolver.ResolveAsync(journal, since, until, now, cancellationToken: cancellationToken), store);
        }
        catch (Exception e) when (e is InvalidOperationException or Npgsql.NpgsqlException or ArgumentException)
        {
            if (store is not null)
            {
                await store.DisposeAsync();
            }
            Console.Error.WriteLine($"fulcrum {commandName}: fleet store unreachable: {e.Message}");
            return null;
        }
    }

    private static bool TryTime(ParseResult parse, Option<string?> option, DateTimeOffset now, string commandName, out DateTimeOffset? value)
    {
        value = null;
        if (parse.GetValue(option) is not { } text)
        {
            return true;
        }
        if (TimeArgument.TryParse(text, now, out var parsed))
        {
            value = parsed;
            return true;
        }
        Console.Error.WriteLine($"fulcrum {commandName}: {option.Name}: '{text}' is not a time; use {TimeArgument.Help}");
        return false;
    }
}
