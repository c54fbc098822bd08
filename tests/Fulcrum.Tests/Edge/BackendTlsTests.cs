using System.Security.Cryptography.X509Certificates;
using Fulcrum.Tests.Support;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// clusters.*.tls against a real HTTPS backend whose certificate (for web.internal) comes from the test's own CA:
/// trusted only through tls.ca, asked for by tls.sni, with a client certificate, or not verified at all.
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

    private static async Task<(int Status, string Body)> GetThroughAsync(TlsEchoBackend backend, string tls)
    {
        var template = EndToEnd.Configs.OneCluster("round-robin", $"a: {{ address: \"https://127.0.0.1:{backend.Port}\" }}", clusterExtra: tls);
        await using var rig = await ProxyRig.StartAsync(template, [], force: true);
        using var response = await rig.Client.GetAsync("/");
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
