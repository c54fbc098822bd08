using Fulcrum.Admin;
using Fulcrum.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Fleet;

/// <summary>Adds the fleet to a <c>fulcrum</c> whose config has a <c>fleet</c> block: the store, the reporter, the config follower and the fleet views.</summary>
internal static class FleetHosting
{
    public static IServiceCollection AddFulcrumFleet(this IServiceCollection services, FleetSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(_ => new FleetStore(settings.ConnectionString));
        services.AddSingleton<FleetInstanceState>();
        services.AddSingleton<FleetReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<FleetReporter>());
        services.AddHostedService<FleetConfigFollower>();
        return services;
    }

    /// <summary>Maps <c>/api/fleet/*</c> on the admin listener, behind the same token as the rest of the admin API.</summary>
    public static void MapFulcrumFleet(this WebApplication app)
    {
        if (app.Services.GetService<FleetSettings>() is not { } settings)
        {
            return;
        }
        var auth = app.Services.GetRequiredService<AdminAuth>();
        var api = app.MapGroup("").WithMetadata(AdminEndpointMetadata.Instance);
        api.AddEndpointFilter(async (context, next) =>
        {
            if (auth.IsAuthorized(context.HttpContext))
            {
                return await next(context);
            }
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        });
        FleetEndpoints.Map(api, app.Services.GetRequiredService<FleetStore>(), settings, app.Services.GetRequiredService<ConfigGate>());
    }
}
