using Fulcrum.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Fulcrum.Admin;

/// <summary>Builds the admin web app on <c>admin.listen</c>: dashboard, API, metrics, health; token-checked beyond loopback.</summary>
internal static class AdminApp
{
    public static WebApplication Build(FulcrumServerContext shared, string listen, AdminAuth auth, ConfigGate gate, Operations.FulcrumOperations operations)
    {
        var builder = WebApplication.CreateSlimBuilder();
        shared.ConfigureLogging(builder.Logging);
        builder.WebHost.UseKestrel(k => k.AddServerHeader = false);
        builder.WebHost.UseUrls(listen);
        shared.Register(builder.Services);
        builder.Services.AddSingleton(gate);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never);

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            // The dashboard page itself may load without a token so it can ask for one; its data calls cannot.
            var isPage = context.Request.Path == "/" || context.Request.Path.StartsWithSegments("/assets");
            if (!isPage && !auth.IsAuthorized(context))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }
            await next();
        });

        app.MapGet("/", context => DashboardAssets.ServeAsync(context, "index.html"));
        app.MapGet("/assets/{file}", (HttpContext context, string file) => DashboardAssets.ServeAsync(context, file));
        app.MapGet("/healthz", () => Results.Text(gate.Current is null ? "starting" : "ok"));
        app.MapMetrics("/metrics", shared.Metrics.Registry);
        ClusterEndpoints.Map(app, operations, shared.Registry);
        AlertEndpoints.Map(app, operations);
        EventEndpoints.Map(app, operations);
        ConfigEndpoints.Map(app, gate, operations);
        return app;
    }
}
