using System.Globalization;
using Fulcrum.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Admin;

/// <summary><c>GET /api/events?since=</c>: journal events after an event id, or since a time (ISO 8601), oldest first.</summary>
internal static class EventEndpoints
{
    public static void Map(IEndpointRouteBuilder app, Journal.EventJournal journal)
    {
        app.MapGet("/api/events", (string? since, int? limit) =>
        {
            var max = Math.Clamp(limit ?? 1000, 1, 10_000);
            if (string.IsNullOrEmpty(since))
            {
                return Results.Json(journal.ReadLatest(max).OrderBy(e => e.Id).Select(AdminViews.Event));
            }
            if (long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return Results.Json(journal.Read(sinceId: id, limit: max).Select(AdminViews.Event));
            }
            if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                return Results.Json(journal.Read(since: time, limit: max).Select(AdminViews.Event));
            }
            return Results.BadRequest(new { error = $"since '{since}' is neither an event id nor an ISO 8601 time (e.g. 2026-11-24T19:00:00Z)" });
        });
    }
}
