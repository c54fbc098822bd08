using Fulcrum.Hosting;
using Fulcrum.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Admin;

/// <summary>
/// <c>GET /api/config/serving</c>: how the serving config was applied (forced past the audit or not) and whether it
/// still matches the file on disk, for the dashboard's banner. The file is compared only when the host registers an
/// <see cref="IConfigFile"/> (the executable does; an embedding app's config is not a file Fulcrum reads).
/// </summary>
internal static class ServingConfigEndpoints
{
    public static void Map(IEndpointRouteBuilder app, FulcrumRuntime runtime, IConfigFile? file)
    {
        app.MapGet("/api/config/serving", () =>
        {
            if (runtime.Serving is not { } serving)
            {
                return AdminJson.Error("no config serving yet", StatusCodes.Status503ServiceUnavailable);
            }
            var (fileHash, fileError) = file is null ? (null, null) : HashOf(file.Path);
            return Results.Json(
                new ServingConfigView(
                    serving.AppliedAt,
                    TriggerName(serving.Trigger),
                    serving.Forced,
                    ForcedBy: serving.Forced ? serving.Actor?.Who : null,
                    AppliedBy: serving.Actor?.Who,
                    Reason: serving.Actor?.Reason,
                    serving.ErrorFindings,
                    serving.Source,
                    serving.Sha256,
                    File: file?.Path,
                    FileSha256: fileHash,
                    fileError,
                    DiffersFromDisk: fileHash is null ? null : !string.Equals(fileHash, serving.Sha256, StringComparison.Ordinal)),
                AdminJson.Default.ServingConfigView);
        });
    }

    private static (string? Hash, string? Error) HashOf(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return (null, $"{path} does not exist");
            }
            // The same cap the config loader applies: a huge file is not a config it would serve.
            if (info.Length > Core.Config.ConfigLimits.Default.MaxBytes)
            {
                return (null, $"{path} is larger than {Core.Config.ConfigLimits.Default.MaxBytes} bytes");
            }
            return (ServingConfig.Hash(File.ReadAllText(path)), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"{path} cannot be read: {e.Message}");
        }
    }

    private static string TriggerName(ConfigTrigger trigger) => trigger switch
    {
        ConfigTrigger.Startup => "startup",
        ConfigTrigger.FileChange => "file-change",
        ConfigTrigger.Signal => "signal",
        ConfigTrigger.AdminApi => "admin-api",
        ConfigTrigger.Rollback => "rollback",
        ConfigTrigger.YarpConfig => "yarp-config",
        ConfigTrigger.Fleet => "fleet",
        _ => trigger.ToString().ToLowerInvariant(),
    };
}
