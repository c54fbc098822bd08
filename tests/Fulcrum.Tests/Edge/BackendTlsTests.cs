using System.Net;
using System.Security.Cryptography.X509Certificates;
using Fulcrum.Proxy;
using Fulcrum.Settings;
using Fulcrum.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// clusters.*.tls against a real HTTPS backend whose certificate (for web.internal) comes from the test's own CA:
/// trusted only through tls.ca, asked for by tls.sni, with a client certificate, or not verified at all; and the same
/// files named by relative paths in a YARP app's metadata.
/// </summary>
public sealed class BackendTlsTests : IAsyncLifetime
{
    private TestPki _pki = null!;
    private X509Certificate2 _server = null!;

    public Task InitializeAsync()
    {
        _pki = new TestPki(Directory.CreateTempSubdirectory("fulcrum-backend-tls-").FullName);
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
    public async Task Ca_bundle_and_sni_reach_a_backend_named_by_host()
    {
        await using var backend = await TlsEchoBackend.StartAsync(_server, requireClientCertificate: false);

        var (status, body) = await GetThroughAsync(backend, $"tls: {{ ca: \"{_pki.CaPath}\", sni: web.internal }}");

        Assert.Equal(200, status);
        Assert.StartsWith("sni=web.internal;", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_ca_the_backend_is_not_trusted()
    {
        await using var backend = await TlsEchoBackend.StartAsync(_server, requireClientCertificate: false);

        var (status, _) = await GetThroughAsync(backend, "tls: { sni: web.internal }");

        Assert.Equal(502, status);
    }

    [Fact]
    public async Task The_ca_does_not_excuse_a_name_mismatch()
    {
        await using var backend = await TlsEchoBackend.StartAsync(_server, requireClientCertificate: false);

        var (status, _) = await GetThroughAsync(backend, $"tls: {{ ca: \"{_pki.CaPath}\", sni: other.internal }}");

        Assert.Equal(502, status);
    }

    [Fact]
    public async Task Client_certificate_is_presented()
    {
        await using var backend = await TlsEchoBackend.StartAsync(_server, requireClientCertificate: true);

        var (status, body) = await GetThroughAsync(backend,
            $"tls: {{ ca: \"{_pki.CaPath}\", sni: web.internal, client-cert: {{ cert: \"{_pki.CertPath("client")}\", key: \"{_pki.KeyPath("client")}\" }} }}");

        Assert.Equal(200, status);
        Assert.EndsWith("client=CN=fulcrum.client", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insecure_accepts_any_certificate()
    {
        await using var backend = await TlsEchoBackend.StartAsync(_server, requireClientCertificate: false);

        var (status, _) = await GetThroughAsync(backend, "tls: { insecure: true }");

        Assert.Equal(200, status);
    }

    // Relative TLS file paths in a YARP app's metadata resolve where its settings are: against the app's content root
    // for AddFulcrum(), against the settings file's folder for `fulcrum audit -c DIR/appsettings.json`, never against
    // whatever the working directory happens to be. The backend requires the client certificate, so a 200 proves the
    // live connection found both files.
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

    private static async Task<(int Status, string Body)> GetThroughAsync(TlsEchoBackend backend, string tls)
    {
        var template = EndToEnd.Configs.OneCluster("round-robin", $"a: {{ address: \"https://127.0.0.1:{backend.Port}\" }}", clusterExtra: tls);
        await using var rig = await ProxyRig.StartAsync(template, [], force: true);
        using var response = await rig.Client.GetAsync("/");
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
