using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Tests.Dashboard;

/// <summary>
/// A real Kestrel on 127.0.0.1:0 that serves the dashboard files EMBEDDED in the fulcrum executable (so the test
/// also proves they are embedded under the names the admin server asks for) plus canned admin API answers.
/// It records every ack it receives and every Authorization header, so tests can see what the page sent.
/// </summary>
internal sealed class FakeAdminServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly JsonObject _alert;
    private readonly Lock _alertLock = new();

    private FakeAdminServer(WebApplication app, JsonObject alert)
    {
        _app = app;
        _alert = alert;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<string> AckedAlertIds { get; } = new();

    /// <summary>What <c>GET /api/clusters</c> answers, given the current time; replace it to change the numbers live.</summary>
    public Func<DateTimeOffset, JsonArray> Clusters { get; set; } = CannedAdminData.Clusters;

    /// <summary>More alerts <c>GET /api/alerts</c> answers after the canned firing one (pending, resolved, …).</summary>
    public List<JsonObject> MoreAlerts { get; } = [];

    /// <summary>What <c>GET /api/config/serving</c> answers (by default a config applied at startup, not forced, same as the file); null answers 404, as an older server would.</summary>
    public JsonObject? Serving { get; set; } = new() { ["trigger"] = "startup", ["forced"] = false, ["errorFindings"] = 0, ["differsFromDisk"] = false };

    /// <summary>When set, <c>POST /api/alerts/{id}/ack</c> answers 500, as an admin server in trouble would.</summary>
    public bool FailAcks { get; set; }

    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    /// <summary>Starts the server; with a <paramref name="token"/> every API call must carry <c>Bearer token</c>.</summary>
    public static async Task<FakeAdminServer> StartAsync(string? token = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeAdminServer(app, CannedAdminData.ImbalanceAlert(DateTimeOffset.UtcNow.AddSeconds(-95)));
        server.Map(token);
        await app.StartAsync();
        // After start, Urls holds the address Kestrel really bound (port 0 resolved).
        server.BaseAddress = new Uri(app.Urls.Single() + "/");
        return server;
    }

    private void Map(string? token)
    {
        _app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                var header = context.Request.Headers.Authorization.ToString();
                AuthorizationHeaders.Enqueue(header);
                if (token is not null && header != "Bearer " + token)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
            }
            await next();
        });
        _app.MapGet("/", context => ServeEmbeddedAsync(context, "index.html"));
        _app.MapGet("/assets/{file}", (HttpContext context, string file) => ServeEmbeddedAsync(context, file));
        _app.MapGet("/api/clusters", () => Results.Text(Clusters(DateTimeOffset.UtcNow).ToJsonString(), "application/json"));
        _app.MapGet("/api/alerts", () => Results.Text(
            new JsonArray([AlertSnapshot(), .. MoreAlerts.Select(a => a.DeepClone())]).ToJsonString(), "application/json"));
        _app.MapGet("/api/config/serving", () => Serving is { } serving ? Results.Text(serving.ToJsonString(), "application/json") : Results.NotFound());
        _app.MapPost("/api/alerts/{id}/ack", (string id) =>
        {
            AckedAlertIds.Enqueue(id);
            if (FailAcks)
            {
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            }
            if (id != CannedAdminData.ImbalanceAlertId)
            {
                return Results.NotFound();
            }
            lock (_alertLock)
            {
                _alert["state"] = "acknowledged";
            }
            return Results.Text(AlertSnapshot().ToJsonString(), "application/json");
        });
    }

    private JsonObject AlertSnapshot()
    {
        lock (_alertLock)
        {
            return (JsonObject)_alert.DeepClone();
        }
    }

    // The real dashboard files, served by the library's own code.
    private static Task ServeEmbeddedAsync(HttpContext context, string file) => Fulcrum.Admin.DashboardAssets.ServeAsync(context, file);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
