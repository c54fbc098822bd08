using Fulcrum.Admin;
using Fulcrum.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Fulcrum.Core.Config;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Fulcrum.Journal;

namespace Fulcrum.Fleet;

/// <summary>Adds the fleet to a <c>fulcrum</c> whose config has a <c>fleet</c> block: the store, the reporter, the config follower and the fleet views.</summary>
internal static class FleetHosting
{
    /// <summary>Call before <c>AddFulcrum()</c>: the instance's own alert dispatcher is replaced by a quiet one (the fleet leader pages).</summary>
    public static IServiceCollection AddFulcrumFleet(this IServiceCollection services, FleetSettings settings, IReadOnlyList<ReceiverConfig> receivers)
    {
        services.AddSingleton(settings);
        services.TryAddSingleton(FleetDispatcher.Quiet);
        services.AddSingleton(sp => FleetDispatcher.Create(sp, receivers));
        services.AddSingleton<FleetPages>();
        services.AddSingleton<FleetAcks>();
        services.AddHostedService<FleetAckFollower>();
        services.AddHostedService<FleetAlertLeader>();
        services.AddSingleton(_ => new FleetStore(settings.ConnectionString));
        services.AddSingleton<FleetInstanceState>();
        services.AddSingleton<FleetReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<FleetReporter>());
        services.AddHostedService<FleetConfigFollower>();
        // The fleet journal: timeline and postmortem read every instance's events; this instance's own journal is the spool.
        services.AddSingleton<FleetJournal>();
        services.AddSingleton<IJournalReader>(sp => sp.GetRequiredService<FleetJournal>());
        services.AddSingleton<FleetJournalShipper>();
        services.AddHostedService(sp => sp.GetRequiredService<FleetJournalShipper>());
        // The fleet journal keeps what journal.max-age and max-size allow, like the local file; config versions what
        // journal.max-age and fleet.keep-versions allow.
        services.AddSingleton<FleetJournalPruner>();
        services.AddSingleton<FleetConfigPruner>();
        services.AddHostedService(sp => new FleetJournalRetention(
            sp.GetRequiredService<FleetStore>(),
            sp.GetRequiredService<FleetJournalPruner>(),
            sp.GetRequiredService<FleetConfigPruner>(),
            settings,
            sp.GetRequiredService<EventJournal>(),
            () => sp.GetRequiredService<IOptionsMonitor<FulcrumOptions>>().CurrentValue.JournalRetention,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<FleetJournalRetention>>()));
        return services;
    }

    /// <summary>
    /// In the admin listener's pipeline (<see cref="AdminPipeline"/>): marks the admin API's answers so the dashboard
    /// shows its fleet section (proxied responses never pass here).
    /// </summary>
    public static void UseFulcrumFleetMark(this IApplicationBuilder admin)
    {
        if (admin.ApplicationServices.GetService<FleetSettings>() is not { } settings)
        {
            return;
        }
        admin.Use((context, next) =>
        {
            context.Response.Headers["X-Fulcrum-Fleet"] = settings.Instance;
            return next(context);
        });
    }

    /// <summary>Maps <c>/api/fleet/*</c> on the admin listener's route table, behind the same token as the rest of the admin API.</summary>
    public static void MapFulcrumFleet(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        if (services.GetService<FleetSettings>() is not { } settings)
        {
            return;
        }
        var auth = services.GetRequiredService<AdminAuth>();
        var api = endpoints.MapGroup("").WithMetadata(AdminEndpointMetadata.Instance);
        api.AddEndpointFilter(async (context, next) =>
        {
            if (auth.IsAuthorized(context.HttpContext))
            {
                return await next(context);
            }
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        });
        FleetEndpoints.Map(api, services.GetRequiredService<FleetStore>(), services.GetRequiredService<FleetPages>(), settings, services.GetRequiredService<ConfigGate>());
    }
}
