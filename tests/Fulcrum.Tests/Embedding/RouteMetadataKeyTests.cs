using System.Net;
using Fulcrum.TestBackends;
using Fulcrum.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace Fulcrum.Tests.Embedding;

/// <summary>
/// An unknown <c>Fulcrum.*</c> route metadata key (a typo of <c>Fulcrum.Path</c>) is reported like an unknown cluster
/// or destination key: one error line naming its configuration path and the keys known on a route, while the app
/// serves with the default. (<c>fulcrum audit -c appsettings.json</c> refuses it at its line: YarpSettingsAuditTests.)
/// </summary>
public sealed class RouteMetadataKeyTests
{
    [Fact]
    public async Task A_misspelt_route_key_is_logged_with_its_path_and_the_app_serves()
    {
        await using var backend = await TestBackend.StartAsync(new TestBackendOptions());
        var folder = Directory.CreateTempSubdirectory("fulcrum-edges2-").FullName;
        var logs = new CapturingLoggerProvider();
        try
        {
            var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["journal:path"] = Path.Combine(folder, "journal.db") }).Build();
            await using var app = await LoopbackApp.StartAsync(
                app => app.MapReverseProxy(proxy => proxy.UseFulcrum()),
                builder =>
                {
                    builder.Logging.AddProvider(logs);
                    builder.Services.AddReverseProxy()
                        .LoadFromMemory(
                            [new RouteConfig
                            {
                                RouteId = "web",
                                ClusterId = "web",
                                Match = new RouteMatch { Path = "/{**rest}" },
                                Metadata = new Dictionary<string, string> { ["Fulcrum.Paths"] = "normalized" },
                            }],
                            [new ClusterConfig
                            {
                                ClusterId = "web",
                                LoadBalancingPolicy = "Fulcrum.RoundRobin",
                                Destinations = new Dictionary<string, DestinationConfig> { ["a"] = new() { Address = backend.Address.ToString() } },
                            }])
                        .AddFulcrum(settings);
                });
            using var client = new HttpClient { BaseAddress = app.Address };

            using var response = await client.GetAsync("/hello");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var line = Assert.Single(logs.Lines, l => l.Message.Contains("Fulcrum.Paths", StringComparison.Ordinal));
            Assert.StartsWith("ReverseProxy:Routes:web:Metadata:Fulcrum.Paths: ", line.Message, StringComparison.Ordinal);
            Assert.Contains("known keys here: Fulcrum.Path", line.Message, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The journal may still be closing; a temp folder left behind is harmless.
            }
        }
    }
}
