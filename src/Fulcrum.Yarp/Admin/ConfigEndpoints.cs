using Fulcrum.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Admin;

/// <summary><c>POST /api/config</c>: audit-gated apply of a YAML config (the file on disk is left as it is).</summary>
internal static class ConfigEndpoints
{
    /// <summary><c>POST /api/audit</c>: audits a posted YAML config; read-only, so mapped with or without a gate.</summary>
    public static void MapAudit(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/audit", async (HttpRequest request) =>
        {
            var yaml = await ReadBodyAsync(request);
            try
            {
                var config = Core.Config.ConfigLoader.Parse(yaml, "POST /api/audit", Path.GetTempPath());
                var findings = Operations.ConfigAudit.Run(config);
                return Results.Json(new ApplyResultView(false, false, $"{findings.Count(f => f.IsError)} error(s), {findings.Count(f => !f.IsError)} other finding(s)", [],
                    findings.Select(f => new FindingView(f.RuleId, f.Severity, f.Message, f.Location.File, f.Location.Line, f.Location.Column)).ToArray()));
            }
            catch (Core.Config.ConfigException e)
            {
                return Results.Json(ApplyResultView.From(ApplyResult.Refused("invalid config", e.Errors, [])), statusCode: 422);
            }
        });
    }

    /// <summary><c>POST /api/config</c> and <c>POST /api/config/rollback</c>, through the gate.</summary>
    public static void MapWrites(IEndpointRouteBuilder app, IConfigGate gate)
    {
        app.MapPost("/api/config/rollback", () =>
        {
            var result = gate.Rollback();
            return Results.Json(ApplyResultView.From(result), statusCode: result.Applied ? 200 : 409);
        });
        app.MapPost("/api/config", async (HttpRequest request, bool? force) =>
        {
            var yaml = await ReadBodyAsync(request);
            var result = gate.TryApplyYaml(yaml, "POST /api/config", ConfigTrigger.AdminApi, force ?? false);
            return Results.Json(ApplyResultView.From(result), statusCode: result.Applied ? 200 : 422);
        });
    }

    public static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }
}

/// <summary>The JSON answer of a config apply or audit call.</summary>
internal sealed record ApplyResultView(bool Applied, bool Forced, string Message, IReadOnlyList<ErrorView> Errors, IReadOnlyList<FindingView> Findings)
{
    public static ApplyResultView From(ApplyResult result) => new(
        result.Applied,
        result.Forced,
        result.Message,
        result.Errors.Select(e => new ErrorView(e.Location.File, e.Location.Line, e.Location.Column, e.Field, e.Message)).ToArray(),
        result.Findings.Select(f => new FindingView(f.RuleId, f.Severity, f.Message, f.Location.File, f.Location.Line, f.Location.Column)).ToArray());
}

internal sealed record ErrorView(string File, int Line, int Column, string Field, string Message);

internal sealed record FindingView(string RuleId, string Severity, string Message, string File, int Line, int Column);
