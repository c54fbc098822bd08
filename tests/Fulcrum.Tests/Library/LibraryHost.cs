using Fulcrum.TestBackends;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Yarp.ReverseProxy.Configuration;

namespace Fulcrum.Tests.Library;

/// <summary>
/// A YARP app with <c>AddFulcrum()</c> on ASP.NET's TestServer and a fake clock, proxying to real test backends:
/// the library as an embedding app composes it, with time under the test's control.
/// </summary>
internal sealed class LibraryHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;

    private LibraryHost(WebApplication app, IReadOnlyList<TestBackend> backends, FakeTimeProvider time, string folder, IConfigurationRoot settings)
    {
        _app = app;
        Backends = backends;
        Time = time;
        _folder = folder;
        Settings = settings;
        Client = app.GetTestClient();
    }

    public IReadOnlyList<TestBackend> Backends { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The in-memory configuration behind the <c>Fulcrum</c> section; <c>Reload()</c> it after changing values.</summary>
    public IConfigurationRoot Settings { get; }

    /// <param name="extend">Runs after <c>AddFulcrum</c>, e.g. to add an app's own policy.</param>
    public static async Task<LibraryHost> StartAsync(
        int backendCount, string policy, Dictionary<string, string?>? fulcrumSection = null, Action<WebApplication>? map = null, Action<IReverseProxyBuilder>? extend = null)
    {
        var backends = new List<TestBackend>();
        for (var i = 0; i < backendCount; i++)
        {
            backends.Add(await TestBackend.StartAsync(new TestBackendOptions()));
        }
        var folder = Directory.CreateTempSubdirectory("fulcrum-library-").FullName;
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var section = new Dictionary<string, string?>(fulcrumSection ?? []) { ["journal:path"] = Path.Combine(folder, "journal.db") };
        var settings = new ConfigurationBuilder().AddInMemoryCollection(section).Build();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        var proxy = builder.Services.AddReverseProxy()
            .LoadFromMemory(
                [new RouteConfig { RouteId = "web", ClusterId = "web", Match = new RouteMatch { Path = "/{**rest}" } }],
                [new ClusterConfig
                {
                    ClusterId = "web",
                    LoadBalancingPolicy = policy,
                    Destinations = backends.Select((b, i) => (Name: ((char)('a' + i)).ToString(), b))
                        .ToDictionary(d => d.Name, d => new DestinationConfig { Address = d.b.Address.ToString() }),
                }])
            .AddFulcrum(settings);
        extend?.Invoke(proxy);
        var app = builder.Build();
        app.MapReverseProxy(proxy => proxy.UseFulcrum());
        (map ?? (a => a.MapFulcrumAdmin("/fulcrum")))(app);
        await app.StartAsync();
        return new LibraryHost(app, backends, time, folder, settings);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var backend in Backends)
        {
            await backend.DisposeAsync();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The journal may still be closing; a temp folder left behind is harmless.
        }
    }
}
