using System.Net;
using System.Security.Cryptography.X509Certificates;
using Fulcrum.Proxy;
using Fulcrum.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// Relative TLS file paths in a YARP app's metadata resolve where its settings are: against the app's content root
/// for <c>AddFulcrum()</c>, against the settings file's folder for <c>fulcrum audit -c DIR/appsettings.json</c> —
/// never against whatever the working directory happens to be. A real HTTPS backend that requires a client
/// certificate, signed by the test's own CA, proves the live connection found both files.
/// </summary>
public sealed class RelativeTlsPathTests : IAsyncLifetime
{
    private TestPki _pki = null!;
    private X509Certificate2 _server = null!;

    public Task InitializeAsync()
    {
        _pki = new TestPki(Directory.CreateTempSubdirectory("fulcrum-relative-tls-").FullName);
        _pki.Issue("web", ["web.internal"]);
        _pki.Issue("client", ["fulcrum.client"]);
        _server = X509Certificate2.CreateFromPemFile(_pki.CertPath("web"), _pki.KeyPath("web"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        _pki.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AddFulcrum_resolves_relative_tls_files_and_the_journal_against_the_content_root()
    {
        Assert.False(File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "ca.pem")), "the test needs a working directory without ca.pem");
        await using var backend = await TlsEchoBackend.StartAsync(_server, requireClientCertificate: true);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = _pki.Folder });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["journal:path"] = "journal.db" }).Build();
        builder.Services.AddReverseProxy()
            .LoadFromMemory(
                [new RouteConfig { RouteId = "web", ClusterId = "web", Match = new RouteMatch { Path = "/{**rest}" } }],
                [new ClusterConfig
                {
                    ClusterId = "web",
                    LoadBalancingPolicy = "Fulcrum.RoundRobin",
                    Destinations = new Dictionary<string, DestinationConfig>
                    {
                        ["a"] = new() { Address = $"https://127.0.0.1:{backend.Port}", Host = "web.internal" },
                    },
                    Metadata = new Dictionary<string, string>
                    {
                        [FulcrumMetadata.TlsCa] = "ca.pem",
                        [FulcrumMetadata.TlsClientCert] = "client.pem",
                        [FulcrumMetadata.TlsClientKey] = "./client.key",
                    },
                }])
            .AddFulcrum(section);
        await using var app = builder.Build();
        app.MapReverseProxy(proxy => proxy.UseFulcrum());
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            using var response = await client.GetAsync("/");
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("sni=web.internal;client=CN=fulcrum.client", body);
            var view = app.Services.GetRequiredService<FulcrumConfigListener>().Current!.Clusters.Single().Tls!;
            Assert.Equal(Path.Combine(_pki.Folder, "ca.pem"), view.Ca);
            Assert.Equal(Path.Combine(_pki.Folder, "client.key"), view.ClientKey);
            Assert.Equal("web.internal", view.Sni);
            Assert.Equal(Path.Combine(_pki.Folder, "journal.db"), app.Services.GetRequiredService<IOptions<FulcrumOptions>>().Value.JournalPath);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public void The_audit_of_a_settings_file_resolves_relative_tls_files_against_its_folder()
    {
        var file = Path.Combine(_pki.Folder, "deploy", "appsettings.json");
        const string json = """
            {
              "ReverseProxy": {
                "Routes": { "web": { "ClusterId": "web", "Match": { "Path": "/{**rest}" } } },
                "Clusters": {
                  "web": {
                    "LoadBalancingPolicy": "Fulcrum.RoundRobin",
                    "Metadata": { "Fulcrum.Tls.Ca": "certs/ca.pem", "Fulcrum.Tls.ClientCert": "../client.pem", "Fulcrum.Tls.ClientKey": "/etc/fulcrum/client.key" },
                    "Destinations": { "a": { "Address": "https://127.0.0.1:9001" } }
                  }
                }
              },
              "Fulcrum": { "journal": { "path": "data/journal.db" } }
            }
            """;

        var config = YarpSettingsFile.Parse(json, file);

        var tls = config.Clusters.Single().Tls!;
        Assert.Equal(Path.Combine(_pki.Folder, "deploy", "certs", "ca.pem"), tls.Ca);
        Assert.Equal(Path.Combine(_pki.Folder, "client.pem"), tls.ClientCert);
        Assert.Equal("/etc/fulcrum/client.key", tls.ClientKey);
        Assert.Equal(Path.Combine(_pki.Folder, "deploy", "data", "journal.db"), config.Journal.Path);
    }
}
