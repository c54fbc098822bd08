namespace Fulcrum.Tests.Edge;

/// <summary>
/// forwarded on a real Fulcrum in front of a backend that echoes the headers it got: set vs append, trusted
/// proxies, Host pass vs rewrite, RFC 7239 Forwarded, and hop-by-hop headers stripped (RFC 9110 §7.6.1).
/// </summary>
public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private HeaderEchoBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await HeaderEchoBackend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task Set_replaces_what_the_client_claims()
    {
        var headers = await EchoAsync("", ("X-Forwarded-For", "203.0.113.9"), ("Forwarded", "for=203.0.113.9"));

        Assert.Equal("127.0.0.1", headers["X-Forwarded-For"]);
        Assert.Equal("http", headers["X-Forwarded-Proto"]);
        Assert.Equal("shop.example", headers["X-Forwarded-Host"]);
        Assert.False(headers.ContainsKey("Forwarded"));
        // rewrite (the default): the backend sees its own address in Host.
        Assert.Equal($"127.0.0.1:{_backend.Address.Port}", headers["Host"]);
    }

    [Fact]
    public async Task Append_keeps_the_chain_and_adds_the_peer_like_nginx()
    {
        var headers = await EchoAsync("forwarded: { mode: append }", ("X-Forwarded-For", "203.0.113.9"));

        Assert.Equal("203.0.113.9,127.0.0.1", headers["X-Forwarded-For"].Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_trusted_proxy_is_believed_about_the_client()
    {
        var headers = await EchoAsync("forwarded: { trusted-proxies: [127.0.0.0/8] }", ("X-Forwarded-For", "203.0.113.9"), ("X-Forwarded-Proto", "https"));

        Assert.Equal("203.0.113.9", headers["X-Forwarded-For"]);
        Assert.Equal("https", headers["X-Forwarded-Proto"]);
    }

    [Fact]
    public async Task An_untrusted_peer_is_not_believed()
    {
        var headers = await EchoAsync("forwarded: { trusted-proxies: [10.0.0.0/8] }", ("X-Forwarded-For", "203.0.113.9"));

        Assert.Equal("127.0.0.1", headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task Host_pass_gives_the_backend_the_clients_host()
    {
        var headers = await EchoAsync("forwarded: { host: pass }");

        Assert.Equal("shop.example", headers["Host"]);
    }

    [Fact]
    public async Task Rfc7239_forwarded_names_the_client_address()
    {
        var headers = await EchoAsync("forwarded: { headers: [forwarded] }", ("X-Forwarded-For", "203.0.113.9"));

        var parts = headers["Forwarded"].Split(';');
        Assert.Equal(["for=127.0.0.1", "host=\"shop.example\"", "proto=http"], parts.Order(StringComparer.Ordinal));
        Assert.False(headers.ContainsKey("X-Forwarded-For"));
    }

    [Fact]
    public async Task Hop_by_hop_headers_are_not_forwarded()
    {
        var headers = await EchoAsync("",
            ("Connection", "keep-alive, X-Hop-Secret"),
            ("X-Hop-Secret", "1"),
            ("Keep-Alive", "timeout=5"),
            ("Proxy-Connection", "keep-alive"),
            ("TE", "gzip"),
            ("Upgrade", "h2c"),
            ("X-End-To-End", "kept"));

        Assert.Equal("kept", headers["X-End-To-End"]);
        foreach (var hop in new[] { "X-Hop-Secret", "Keep-Alive", "Proxy-Connection", "TE", "Upgrade" })
        {
            Assert.False(headers.ContainsKey(hop), $"{hop} reached the backend");
        }
        Assert.False(headers.TryGetValue("Connection", out var connection) && connection.Contains("X-Hop-Secret", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>One GET through a Fulcrum with <paramref name="forwarded"/> (Host: shop.example, extra headers) raw on a socket.</summary>
    private Task<Dictionary<string, string>> EchoAsync(string forwarded, params (string Name, string Value)[] extra) =>
        _backend.EchoThroughFulcrumAsync(forwarded, tracing: false, extra);
}
