using Fulcrum;
using Fulcrum.Admin;
using Fulcrum.Hosting;
using Fulcrum.Journal;
using Fulcrum.Metrics;
using Fulcrum.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>app.MapFulcrumAdmin("/fulcrum")</c>: the dashboard, the admin API and <c>/metrics</c>.</summary>
public static class FulcrumAdminEndpointExtensions
{
    /// <summary>
    /// Maps the dashboard (<c>{prefix}/</c>), <c>{prefix}/api/*</c>, <c>{prefix}/metrics</c> (Prometheus text) and
    /// <c>{prefix}/healthz</c>. When <c>admin.token-env</c> names a set variable, every call but the dashboard page
    /// needs <c>Authorization: Bearer TOKEN</c>; add your own policy to the returned group (for example
    /// <c>.RequireAuthorization()</c> or <c>.RequireHost()</c>) to guard it otherwise. Read-only unless the app
    /// has a config gate (the <c>fulcrum</c> executable does): an app's YARP config belongs to the app.
    /// </summary>
    public static RouteGroupBuilder MapFulcrumAdmin(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var runtime = services.GetService<FulcrumRuntime>()
            ?? throw new InvalidOperationException("MapFulcrumAdmin needs services.AddReverseProxy().AddFulcrum() first.");
        var auth = services.GetService<AdminAuth>()
            ?? AdminAuth.FromEnvironment(services.GetRequiredService<IOptions<FulcrumOptions>>().Value.AdminTokenEnv, Environment.GetEnvironmentVariable);

        var group = endpoints.MapGroup(prefix);
        // Monitors and load balancers probe with HEAD as often as with GET.
        ((IEndpointConventionBuilder)group).Add(AdminHead.AlsoAnswerHead);
        // The dashboard page itself may load without a token so it can ask for one; its data calls cannot.
        group.MapGet("/", (HttpContext context) => DashboardPage(context, prefix));
        group.MapGet("/assets/{file}", (HttpContext context, string file) => DashboardAssets.ServeAsync(context, file));
        // Liveness probes carry no token: /healthz says only "ok" or "starting", so it is open.
        group.MapGet("/healthz", () => Results.Text(runtime.Current is null ? "starting" : "ok"));

        var listener = services.GetService<IAdminAddress>();
        var api = group.MapGroup("");
        api.AddEndpointFilter(async (context, next) =>
            !auth.IsAuthorized(context.HttpContext) ? Unauthorized(context.HttpContext)
            : AdminWriteGuard.Check(context.HttpContext, listener) is { } refused ? refused
            : await next(context));
        api.MapGet("/metrics", (CancellationToken aborted) => MetricsText(runtime.Metrics, aborted));
        ClusterEndpoints.Map(api, runtime);
        AlertEndpoints.Map(api, runtime.Alerts, auth);
        EventEndpoints.Map(api, services.GetRequiredService<IJournalReader>());
        var limiter = new ConfigCheckLimiter();
        ConfigEndpoints.MapAudit(api, limiter);
        ServingConfigEndpoints.Map(api, runtime, services.GetService<IConfigFile>());
        LiveAuditEndpoints.Map(api, services.GetRequiredService<ScheduledAudit>());
        if (services.GetService<IConfigGate>() is { } gate)
        {
            ConfigEndpoints.MapWrites(api, gate, limiter, auth);
        }
        return group;
    }

    private static Task DashboardPage(HttpContext context, string prefix)
    {
        // The page loads its assets and API by relative path: under a prefix it must be addressed with a trailing slash.
        if (prefix.Length > 0 && !context.Request.Path.Value!.EndsWith('/'))
        {
            context.Response.Redirect(context.Request.PathBase + context.Request.Path + "/" + context.Request.QueryString);
            return Task.CompletedTask;
        }
        return DashboardAssets.ServeAsync(context, "index.html");
    }

    private static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> MetricsText(FulcrumMetrics metrics, CancellationToken aborted)
    {
        var buffer = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(buffer, aborted);
        buffer.Position = 0;
        return Results.Stream(buffer, "text/plain; version=0.0.4; charset=utf-8");
    }
}
