using Fulcrum.Core.Config;

namespace Fulcrum.Cli;

/// <summary>
/// <c>fulcrum rollback -c FILE</c> when the file has a fleet block: publish the last version before the latest that was
/// not forced past error findings, as a new version (history only grows; every instance follows it).
/// </summary>
internal static class FleetRollback
{
    public static bool Applies(string path, out FleetConfig? fleet)
    {
        fleet = null;
        try
        {
            fleet = File.Exists(path) ? ConfigLoader.LoadFile(path).Fleet : null;
        }
        catch (ConfigException)
        {
            // Not loadable: the single-instance path reports why.
        }
        return fleet is not null;
    }

    public static Task<int> RunAsync(FleetConfig fleet, string? reason, CancellationToken cancellationToken) =>
        FleetCli.WithStoreAsync(fleet, async store =>
        {
            var latest = await store.LatestVersionAsync(cancellationToken);
            var target = latest is null ? null : await store.LastCleanBeforeAsync(latest.Id, cancellationToken);
            if (latest is null || target is null)
            {
                Console.Error.WriteLine("rollback: the fleet store has no earlier clean version; nothing to roll back to");
                return ExitCodes.RuntimeFailure;
            }
            var id = await store.PublishAsync(target.Yaml, FleetCli.User(), target.FindingsJson, forced: false,
                $"rollback of version {latest.Id} to version {target.Id}{(string.IsNullOrWhiteSpace(reason) ? "" : $": {reason}")}", target.Id, cancellationToken);
            Console.WriteLine($"rolled the fleet back: version {id} republishes version {target.Id} (was {latest.Id})");
            return ExitCodes.Ok;
        }, cancellationToken);
}
