using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fulcrum.Fleet;
using Fulcrum.Operations;
using Npgsql;

namespace Fulcrum.Cli;

/// <summary>
/// <c>fulcrum config push -c FILE [--force] [--reason TEXT]</c>: audit the file as the gate would and publish it to
/// the fleet store as a new version; every instance applies it through its own gate. Error-level findings refuse the
/// push unless forced (recorded with who forced it and why).
/// </summary>
internal static class ConfigPushCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var force = new Option<bool>("--force") { Description = "Publish even with error-level audit findings (recorded with your user name and --reason)." };
        var reason = new Option<string?>("--reason") { Description = "Why this version is pushed (recorded with it; say why when forcing)." };
        var push = new Command("push", "Audit a config and publish it to the fleet store; every instance applies it.") { config, force, reason };
        push.SetAction((parse, cancellationToken) =>
            PushAsync(parse.GetValue(config)!, parse.GetValue(force), parse.GetValue(reason), cancellationToken));
        return new Command("config", "Fleet config: publish a version to the store the instances follow.") { push };
    }

    private static async Task<int> PushAsync(string path, bool force, string? reason, CancellationToken cancellationToken)
    {
        if (!ValidateCommand.TryLoad(path, out var loaded))
        {
            return ExitCodes.InvalidConfig;
        }
        if (loaded!.Fleet is not { } fleet)
        {
            Console.Error.WriteLine($"{path} has no fleet block; `config push` publishes to a fleet store (a single instance reloads its file instead)");
            return ExitCodes.InvalidConfig;
        }
        var findings = ConfigAudit.Run(loaded);
        var errors = findings.Where(f => f.IsError).ToArray();
        foreach (var finding in findings)
        {
            Console.Error.WriteLine("  " + finding);
        }
        if (errors.Length > 0 && !force)
        {
            Console.Error.WriteLine($"push refused: {path} has {errors.Length} error-level audit finding(s); nothing was published (--force --reason TEXT to publish anyway)");
            return ExitCodes.AuditErrors;
        }
        return await FleetCli.WithStoreAsync(fleet, async store =>
        {
            var json = JsonSerializer.Serialize(findings.Select(f => new PushedFinding(f.RuleId, f.Severity, f.Message, f.Location.ToString())), PushJson.Default.IEnumerablePushedFinding);
            var id = await store.PublishAsync(await File.ReadAllTextAsync(path, cancellationToken), FleetCli.User(), json, errors.Length > 0, reason, null, cancellationToken);
            Console.WriteLine(errors.Length > 0
                ? $"published {path} as version {id}, FORCED past {errors.Length} error-level finding(s) by {FleetCli.User()}"
                : $"published {path} as version {id}");
            return ExitCodes.Ok;
        }, cancellationToken);
    }
}

/// <summary>What the fleet commands share: opening the store named by a config's fleet block, and failing clearly when it is down.</summary>
internal static class FleetCli
{
    public static string User() => Environment.UserName;

    public static async Task<int> WithStoreAsync(Core.Config.FleetConfig fleet, Func<FleetStore, Task<int>> action, CancellationToken cancellationToken)
    {
        FleetSettings settings;
        try
        {
            settings = FleetSettings.From(fleet, Environment.GetEnvironmentVariable);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.InvalidConfig;
        }
        await using var store = new FleetStore(settings.ConnectionString);
        try
        {
            await store.EnsureSchemaAsync(cancellationToken);
            return await action(store);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"fleet store unreachable ({fleet.ConnectionEnv}): {e.Message}; nothing was published");
            return ExitCodes.RuntimeFailure;
        }
    }
}

/// <summary>An audit finding as a pushed version records it (<c>{"rule", "severity", "message", "location"}</c>).</summary>
internal sealed record PushedFinding(string Rule, string Severity, string Message, string Location);

/// <summary>Source-generated, so <c>config push</c> needs no reflection (Native AOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IEnumerable<PushedFinding>))]
internal sealed partial class PushJson : JsonSerializerContext;
