using Fulcrum.Core.Audit.Formatting;
using Fulcrum.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Admin;

/// <summary>
/// <c>GET /api/audit/live?format=json|text|sarif</c>: the scheduled live audit of the serving config, run now
/// (read-only: the scheduled audit's baseline does not move). The exit code <c>fulcrum audit</c> would return is in
/// the <c>Fulcrum-Audit-Exit-Code</c> header whatever the format.
/// </summary>
internal static class LiveAuditEndpoints
{
    public const string ExitCodeHeader = "Fulcrum-Audit-Exit-Code";

    public static void Map(IEndpointRouteBuilder app, ScheduledAudit audit)
    {
        app.MapGet("/api/audit/live", (HttpContext context, string? format) =>
        {
            var name = format ?? "json";
            if (!AuditFormatters.Formats.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return Results.Problem($"unknown format '{name}'; use one of {string.Join(", ", AuditFormatters.Formats)}", statusCode: 400);
            }
            if (audit.RunNow() is not { } result)
            {
                return Results.Problem("no config is serving yet", statusCode: 503);
            }
            context.Response.Headers[ExitCodeHeader] = result.Report.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var body = AuditFormatters.Format(result.Report, name)!;
            var type = name.Equals("text", StringComparison.OrdinalIgnoreCase) ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
            return Results.Text(body, type);
        });
    }
}
