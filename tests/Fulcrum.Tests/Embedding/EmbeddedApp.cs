extern alias embedded;

using System.Net;
using Fulcrum.TestBackends;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Tests.Embedding;

/// <summary>
/// samples/embedded (a plain YARP app plus <c>AddFulcrum</c>) on real Kestrel, port 0, in front of three real test
/// backends; its appsettings.json is used as shipped, with only the backend addresses and journal path overridden.
/// </summary>
internal sealed class EmbeddedApp : IAsyncDisposable
{
    private readonly WebApplicationFactory<embedded::Program> _factory;
    private readonly string _folder;

    private EmbeddedApp(WebApplicationFactory<embedded::Program> factory, IReadOnlyList<TestBackend> backends, string folder, Uri address)
    {
        _factory = factory;
        Backends = backends;
        _folder = folder;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public IReadOnlyList<TestBackend> Backends { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    public static async Task<EmbeddedApp> StartAsync(IReadOnlyList<TestBackendOptions> backendOptions, IReadOnlyDictionary<string, string>? settings = null)
    {
        var backends = new List<TestBackend>();
        foreach (var options in backendOptions)
        {
            backends.Add(await TestBackend.StartAsync(options));
        }
        var folder = Directory.CreateTempSubdirectory("fulcrum-embedded-").FullName;
        var names = new[] { "a", "b", "c" };
        var factory = new WebApplicationFactory<embedded::Program>().WithWebHostBuilder(web =>
        {
            for (var i = 0; i < backends.Count; i++)
            {
                web.UseSetting($"ReverseProxy:Clusters:web:Destinations:{names[i]}:Address", backends[i].Address.ToString());
            }
            web.UseSetting("Fulcrum:journal:path", Path.Combine(folder, "journal.db"));
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                web.UseSetting(key, value);
            }
        });
        // Not UseKestrel(0): with port 0 the factory falls back to Kestrel's default 127.0.0.1:5000 (seen failing when
        // another process held 5000). An explicit loopback listener on port 0 gets a free port.
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmbeddedApp(factory, backends, folder, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
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
