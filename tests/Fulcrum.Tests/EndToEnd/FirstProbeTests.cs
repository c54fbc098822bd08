using Fulcrum.Hosting;
using Fulcrum.TestBackends;
using Fulcrum.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Yarp.ReverseProxy.Health;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>
/// When YARP first probes the start config's destinations: at once for <c>fulcrum run</c> (YARP's documented initial
/// round), one interval later for the demo (<see cref="FulcrumServerOptions.FirstProbeAtInterval"/>). A backend that
/// answers 503 on /health from the start, with <c>unhealthy-after: 1</c>, shows which probes ran.
/// </summary>
public sealed class FirstProbeTests
{
    [Fact]
    public async Task Run_probes_the_start_config_in_yarps_initial_round()
    {
        await using var start = await StartAsync(firstProbeAtInterval: false);

        await Poll.UntilAsync(() => start.Monitor.InitialProbeCompleted, TimeSpan.FromSeconds(30), "YARP's initial probe round");

        // YARP applies a round's results before it counts the round complete.
        Assert.False(start.Destination.ActiveHealthy);
    }

    [Fact]
    public async Task Demo_probes_the_start_config_first_one_interval_later_then_as_usual()
    {
        await using var start = await StartAsync(firstProbeAtInterval: true);

        await Poll.UntilAsync(() => start.Monitor.InitialProbeCompleted, TimeSpan.FromSeconds(30), "YARP's initial probe round");
        Assert.True(start.Destination.ActiveHealthy);
        using (var response = await start.Client.GetAsync("/"))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        start.Time.Advance(Interval);
        await Poll.UntilAsync(() => !start.Destination.ActiveHealthy, TimeSpan.FromSeconds(30), "the probe one interval after the start");
    }

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private static async Task<Started> StartAsync(bool firstProbeAtInterval)
    {
        var backend = await TestBackend.StartAsync(new TestBackendOptions { Name = "a" });
        backend.Healthy = false;
        var folder = Directory.CreateTempSubdirectory("fulcrum-test-").FullName;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var config = Configs.OneCluster("round-robin", $"a: {{ address: \"{backend.Address}\" }}",
            clusterExtra: "health:\n  active: { path: /health, interval: 5s, timeout: 2s, unhealthy-after: 1, healthy-after: 1 }")
            .Replace("{folder}", folder, StringComparison.Ordinal);
        try
        {
            var server = await FulcrumServer.StartAsync(new FulcrumServerOptions
            {
                ConfigYaml = config,
                ConfigPath = "probe.yaml",
                Force = true,
                Time = time,
                ShutdownTimeout = TimeSpan.FromSeconds(5),
                FirstProbeAtInterval = firstProbeAtInterval,
            });
            return new Started(backend, server, time, folder);
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    private sealed class Started(TestBackend backend, FulcrumServer server, FakeTimeProvider time, string folder) : IAsyncDisposable
    {
        public FakeTimeProvider Time => time;
        public HttpClient Client { get; } = new() { BaseAddress = server.ProxyAddress, Timeout = TimeSpan.FromSeconds(30) };
        public IActiveHealthCheckMonitor Monitor => server.Services.GetRequiredService<IActiveHealthCheckMonitor>();

        public Fulcrum.Core.Balancing.Backend Destination
        {
            get
            {
                Assert.True(server.Registry.TryGet("web", out var cluster));
                return cluster.Balancer.Backends.Single();
            }
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await server.DisposeAsync();
            await backend.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
