using Fulcrum.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Admin;

/// <summary>
/// <c>GET /api/alerts</c> and <c>POST /api/alerts/{id}/ack</c>. An acknowledgement records who made it as config
/// writes do (<see cref="AdminActor"/>): the admin token's name when it has one, else the claimed user
/// (<c>?by=</c> / <c>X-Fulcrum-User</c>) and the remote address, plus <c>?reason=</c> when given.
/// </summary>
internal static class AlertEndpoints
{
    public static void Map(IEndpointRouteBuilder app, AlertPipeline alerts, AdminAuth auth)
    {
        app.MapGet("/api/alerts", () => Results.Json(alerts.Engine.Alerts.Select(AdminViews.Alert), AdminJson.Default.IEnumerableAlertView));
        app.MapPost("/api/alerts/{id}/ack", (string id, string? by, string? reason, HttpContext context) =>
        {
            var actor = AdminActor.From(context, auth, by, reason);
            var alert = alerts.Ack(id, actor.Reason is null ? actor.Who : $"{actor.Who}, reason: \"{actor.Reason}\"");
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
