using Fulcrum.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Admin;

/// <summary><c>GET /api/alerts</c> and <c>POST /api/alerts/{id}/ack</c>.</summary>
internal static class AlertEndpoints
{
    public static void Map(IEndpointRouteBuilder app, AlertPipeline alerts)
    {
        app.MapGet("/api/alerts", () => Results.Json(alerts.Engine.Alerts.Select(AdminViews.Alert), AdminJson.Default.IEnumerableAlertView));
        app.MapPost("/api/alerts/{id}/ack", (string id, string? by, HttpContext context) =>
        {
            var who = by ?? context.Request.Headers["X-Fulcrum-User"].FirstOrDefault() ?? "admin-api";
            var alert = alerts.Ack(id, who);
            if (alert is not null)
            {
                return Results.Json(AdminViews.Alert(alert), AdminJson.Default.AlertView);
            }
            var existing = alerts.Engine.Find(id);
            return existing is null
                ? AdminJson.Error($"no alert with id {id}", StatusCodes.Status404NotFound)
                : Results.Json(
                    new AlertConflictBody($"alert {id} is {Fulcrum.Core.Alerting.AlertStates.Name(existing.State)}; only firing alerts can be acknowledged", AdminViews.Alert(existing)),
                    AdminJson.Default.AlertConflictBody,
                    statusCode: StatusCodes.Status409Conflict);
        });
    }
}
