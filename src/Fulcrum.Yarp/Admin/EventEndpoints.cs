using System.Data.Common;
using System.Globalization;
using Fulcrum.Journal;
using Fulcrum.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Admin;

/// <summary>
/// <c>GET /api/events?since=</c>: journal events after an event id, or since a time (ISO 8601), oldest first. Read from
/// the <see cref="IJournalReader"/> the host registered, as <c>fulcrum timeline</c> reads it: this instance's file, or
/// in a fleet the shared journal, where each event names its instance and ids are the store's. The read is awaited
/// (<see cref="IJournalReader.ReadAsync"/>): with the fleet store slow or away, a request waits without holding a
/// thread-pool thread, and gives up when its client does.
/// </summary>
internal static class EventEndpoints
{
    public static void Map(IEndpointRouteBuilder app, IJournalReader journal)
    {
        app.MapGet("/api/events", async (string? since, int? limit, CancellationToken aborted) =>
        {
            var max = Math.Clamp(limit ?? 1000, 1, 10_000);
            try
            {
                if (string.IsNullOrEmpty(since))
                {
                    return Results.Json((await journal.ReadLatestAsync(max, aborted)).Select(AdminViews.Event), AdminJson.Default.IEnumerableEventView);
                }
                if (long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    return Results.Json((await journal.ReadAsync(sinceId: id, limit: max, cancellationToken: aborted)).Select(AdminViews.Event), AdminJson.Default.IEnumerableEventView);
                }
                if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                {
                    return Results.Json((await journal.ReadAsync(since: time, limit: max, cancellationToken: aborted)).Select(AdminViews.Event), AdminJson.Default.IEnumerableEventView);
                }
            }
            catch (Exception e) when (e is DbException or TimeoutException)
            {
                // The fleet store away: say so rather than fail with a 500. The events wait in this instance's own file.
                return AdminJson.Error($"the journal ({journal.Location}) is unreachable: {e.Message}", StatusCodes.Status503ServiceUnavailable);
            }
            return AdminJson.Error($"since '{since}' is neither an event id nor an ISO 8601 time (e.g. 2026-11-24T19:00:00Z)", StatusCodes.Status400BadRequest);
        });
    }
}
