using Fulcrum.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting;

/// <summary>
/// The admin listener's own branch of the pipeline, with its own route table. The admin API (and the fleet API) used
/// to share the proxy's route table, so the proxy's first request built every admin endpoint (its generated request
/// delegate and metadata) before it could be forwarded; in this branch they are built on the first request to the
/// admin port instead, as when 5aca07e ran the admin API as a second app. URLs, auth, HEAD answers and 404s are the
/// same: the branch sees exactly the requests that arrive on the admin port, and <see cref="AdminListenerPolicy"/>
/// still applies to both route tables (nothing is proxied on the admin port, no admin endpoint matches elsewhere).
/// </summary>
internal static class AdminPipeline
{
    // UseRouting matches against the route builder under this key when there is one (WebApplication puts itself
    // there). The branch puts its own, so its endpoints stay out of the app-wide endpoint list that UseEndpoints
    // would add them to, and that the start reads (which would build them before the first request after all).
    private const string GlobalRouteBuilderKey = "__GlobalEndpointRouteBuilder";

    public static void Map(WebApplication app, AdminListener listener) =>
        Map(app, context => context.Connection.LocalPort == listener.Port, Build);

    /// <param name="app">The app whose requests <paramref name="isAdmin"/> sorts.</param>
    /// <param name="isAdmin">True for a request to the admin port.</param>
    /// <param name="build">Builds the branch into a new application builder (tests make it fail).</param>
    internal static void Map(IApplicationBuilder app, Func<HttpContext, bool> isAdmin, Func<IApplicationBuilder, RequestDelegate> build)
    {
        // Built on the first request to the admin port, not with the proxy's pipeline: mapping the admin endpoints
        // compiles their generated registration code (and the fleet API's), which the proxy's first request must not
        // wait for (bench/RESULTS.md, start7). What the branch does once built is the same. Each try starts from a
        // new builder, so a failed one leaves nothing half-added behind for the next.
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Fulcrum.Admin");
        var branch = new AdminBranch(() => build(app.New()), logger);
        app.Use(next => context => isAdmin(context) ? branch.InvokeAsync(context) : next(context));
    }

    private static RequestDelegate Build(IApplicationBuilder admin)
    {
        var routes = new AdminRoutes(admin);
        routes.MapFulcrumAdmin().WithMetadata(AdminEndpointMetadata.Instance);
        routes.MapFulcrumFleet();
        admin.UseFulcrumFleetMark();
        admin.Properties[GlobalRouteBuilderKey] = routes;
        admin.UseRouting();
        admin.Run(Invoke);
        return admin.Build();
    }

    /// <summary>Runs the matched admin endpoint; no match on the admin port is a 404 (nothing is proxied there).</summary>
    private static Task Invoke(HttpContext context)
    {
        if (context.GetEndpoint()?.RequestDelegate is { } endpoint)
        {
            return endpoint(context);
        }
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private sealed class AdminRoutes(IApplicationBuilder admin) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider => admin.ApplicationServices;

        public ICollection<EndpointDataSource> DataSources { get; } = [];

        public IApplicationBuilder CreateApplicationBuilder() => admin.New();
    }
}
