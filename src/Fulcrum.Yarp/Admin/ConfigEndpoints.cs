using Fulcrum.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Admin;

/// <summary><c>POST /api/config</c>: audit-gated apply of a YAML config (the file on disk is left as it is).</summary>
internal static class ConfigEndpoints
{
    /// <summary><c>POST /api/audit</c>: audits a posted YAML config; read-only, so mapped with or without a gate.</summary>
    public static void MapAudit(IEndpointRouteBuilder app, ConfigCheckLimiter limiter)
    {
        app.MapPost("/api/audit", (HttpRequest request) => limiter.RunAsync(request.HttpContext, async () =>
        {
            var (yaml, problem) = await AdminBody.ReadAsync(request, Core.Config.ConfigLimits.Default.MaxBytes);
            if (yaml is null)
            {
                return problem!;
            }
            try
            {
                var config = Core.Config.ConfigLoader.Parse(yaml, "POST /api/audit", Path.GetTempPath());
                Proxy.YarpRouteValidator.ThrowIfInvalid(config);
                var findings = Operations.ConfigAudit.Run(config);
                return Results.Json(new ApplyResultView(false, false, $"{findings.Count(f => f.IsError)} error(s), {findings.Count(f => !f.IsError)} other finding(s)", [],
                    findings.Select(f => new FindingView(f.RuleId, f.Severity, f.Message, f.Location.File, f.Location.Line, f.Location.Column)).ToArray()),
                    AdminJson.Default.ApplyResultView);
            }
            catch (Core.Config.ConfigException e)
            {
                return Results.Json(ApplyResultView.From(ApplyResult.Refused("invalid config", e.Errors, [])), AdminJson.Default.ApplyResultView, statusCode: 422);
            }
        }));
    }

    /// <summary><c>POST /api/config</c> and <c>POST /api/config/rollback</c>, through the gate.</summary>
    /// <remarks>Both take <c>?by=</c> / <c>X-Fulcrum-User</c> and <c>?reason=</c> / <c>X-Fulcrum-Reason</c>, journaled with the change.</remarks>
    public static void MapWrites(IEndpointRouteBuilder app, IConfigGate gate, ConfigCheckLimiter limiter, AdminAuth auth)
    {
        app.MapPost("/api/config/rollback", (HttpContext context, string? by, string? reason) =>
        {
            var result = gate.Rollback(AdminActor.From(context, auth, by, reason));
            return Results.Json(ApplyResultView.From(result), AdminJson.Default.ApplyResultView, statusCode: result.Applied ? 200 : 409);
        });
        app.MapPost("/api/config", async (HttpContext context, bool? force, string? by, string? reason) =>
        {
            // Bodies are read a few at a time (memory); the work is bounded by the gate, which coalesces waiting posts
            // (the latest wins, identical ones share an apply), so a waiting post holds no check slot.
            var (yaml, problem) = await limiter.ReadQueuedAsync(context, () => AdminBody.ReadAsync(context.Request, Core.Config.ConfigLimits.Default.MaxBytes));
            if (yaml is null)
            {
                return problem!;
            }
            // On the gate's low-priority lane, not this request thread: an apply audits (simulates) the config.
            var result = await gate.TryApplyYamlAsync(yaml, "POST /api/config", ConfigTrigger.AdminApi, force ?? false, AdminActor.From(context, auth, by, reason));
            if (result.Busy)
            {
                context.Response.Headers.RetryAfter = "1";
            }
            var status = result switch
            {
                { Applied: true } => 200,
                { Superseded: true } => 409,
                { Busy: true } => 429,
                _ => 422,
            };
            return Results.Json(ApplyResultView.From(result), AdminJson.Default.ApplyResultView, statusCode: status);
        });
    }
}

/// <summary>The JSON answer of a config apply or audit call.</summary>
internal sealed record ApplyResultView(bool Applied, bool Forced, string Message, IReadOnlyList<ErrorView> Errors, IReadOnlyList<FindingView> Findings)
{
    /// <summary>A later posted config took this one's place while it waited; it was not applied (409).</summary>
    public bool Superseded { get; init; }

    public static ApplyResultView From(ApplyResult result) => new(
        result.Applied,
        result.Forced,
        result.Message,
        result.Errors.Select(e => new ErrorView(e.Location.File, e.Location.Line, e.Location.Column, e.Field, e.Message)).ToArray(),
        result.Findings.Select(f => new FindingView(f.RuleId, f.Severity, f.Message, f.Location.File, f.Location.Line, f.Location.Column)).ToArray())
    {
        Superseded = result.Superseded,
    };
}

internal sealed record ErrorView(string File, int Line, int Column, string Field, string Message);

internal sealed record FindingView(string RuleId, string Severity, string Message, string File, int Line, int Column);
