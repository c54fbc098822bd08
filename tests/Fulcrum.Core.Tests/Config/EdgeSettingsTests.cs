using Fulcrum.Core.Config;
using static Fulcrum.Core.Tests.Config.ConfigTestHelper;

namespace Fulcrum.Core.Tests.Config;

/// <summary>listen entries with tls/http2, and limits. <see cref="ConfigTestHelper.Minimal"/> is 8 lines, so appended text starts on line 9.</summary>
public class EdgeSettingsTests
{
    [Fact]
    public void Plain_strings_and_entries_mix_in_listen()
    {
        var config = Load("""
            listen:
              - http://0.0.0.0:8080
              - url: https://0.0.0.0:8443
                tls:
                  certificates:
                    - { cert: certs/shop.pem, key: /etc/fulcrum/shop.key, hosts: [Shop.Example, "*.shop.example"] }
                  protocols: [tls1.3]
                http2: true
              - { url: http://127.0.0.1:8081, http2: true }
            """ + "\n" + Minimal);

        Assert.Equal(["http://0.0.0.0:8080", "https://0.0.0.0:8443", "http://127.0.0.1:8081"], config.Listen);
        Assert.Equal(new ListenerConfig("http://0.0.0.0:8080"), config.Listeners[0]);
        var tls = config.Listeners[1].Tls!;
        Assert.True(config.Listeners[1].Http2);
        Assert.Equal("/srv/fulcrum/certs/shop.pem", tls.Certificates[0].Cert);
        Assert.Equal("/etc/fulcrum/shop.key", tls.Certificates[0].Key);
        Assert.Equal(["shop.example", "*.shop.example"], tls.Certificates[0].Hosts);
        Assert.Equal([TlsVersion.Tls13], tls.Protocols);
        Assert.Equal(new ListenerConfig("http://127.0.0.1:8081", null, true), config.Listeners[2]);
    }

    [Fact]
    public void Protocols_default_to_tls12_and_tls13()
    {
        var config = Load("listen:\n  - url: https://0.0.0.0:8443\n    tls: { certificates: [{ cert: a.pem, key: a.key }] }\n" + Minimal);

        Assert.Equal([TlsVersion.Tls12, TlsVersion.Tls13], config.Listeners[0].Tls!.Protocols);
        Assert.False(config.Listeners[0].Http2);
    }

    [Fact]
    public void Tls_on_a_plain_listener_is_an_error()
    {
        var error = ErrorFor("listen:\n  - url: http://0.0.0.0:8080\n    tls: { certificates: [{ cert: a.pem, key: a.key }] }\n" + Minimal, "listen[0].tls");

        AssertError(error, 3, 5, "plain listener", "https://");
    }

    [Fact]
    public void Old_tls_versions_are_refused_at_their_position()
    {
        var error = ErrorFor("listen:\n  - url: https://0.0.0.0:8443\n    tls: { certificates: [{ cert: a.pem, key: a.key }], protocols: [tls1.2, tls1.0] }\n" + Minimal, "listen[0].tls.protocols[1]");

        AssertError(error, 3, 77, "'tls1.0' is not allowed", "RFC 8996");
    }

    [Fact]
    public void A_certificate_needs_its_key()
    {
        var error = ErrorFor("listen:\n  - url: https://0.0.0.0:8443\n    tls: { certificates: [{ cert: a.pem }] }\n" + Minimal, "listen[0].tls.certificates[0].key");

        AssertError(error, 3, 27, "'key' is required");
    }

    [Fact]
    public void An_entry_needs_a_url_and_knows_its_keys()
    {
        var errors = Errors("listen:\n  - { tls: {}, htp2: true }\n" + Minimal);

        AssertError(Assert.Single(errors, e => e.Field == "listen[0].htp2"), 2, 16, "did you mean 'http2'");
        AssertError(Assert.Single(errors, e => e.Field == "listen[0].url"), 2, 5, "'url' is required");
    }

    [Fact]
    public void Http2_must_be_a_boolean()
    {
        var error = ErrorFor("listen:\n  - { url: http://0.0.0.0:8080, http2: yes }\n" + Minimal, "listen[0].http2");

        AssertError(error, 2, 40, "expected true or false");
    }

    [Fact]
    public void Max_connections_is_per_listener_and_unset_by_default()
    {
        var config = Load("listen:\n  - { url: http://0.0.0.0:8080, max-connections: 500 }\n  - http://0.0.0.0:8081\n" + Minimal);

        Assert.Equal(500, config.Listeners[0].MaxConnections);
        Assert.Null(config.Listeners[1].MaxConnections);
    }

    [Theory]
    [InlineData("max-connections: 0", 50, "too small")]
    [InlineData("max-connections: lots", 50, "whole number")]
    public void Max_connections_must_be_a_positive_whole_number(string setting, int column, string message)
    {
        var error = ErrorFor($"listen:\n  - {{ url: http://0.0.0.0:8080, {setting} }}\n" + Minimal, "listen[0].max-connections");

        AssertError(error, 2, column, message);
    }

    [Fact]
    public void Limits_default_to_kestrels_own()
    {
        Assert.Equal(LimitsConfig.Default, Load(Minimal).Limits);
        Assert.Equal(30L * 1024 * 1024, LimitsConfig.Default.RequestBody);
        Assert.Equal(32 * 1024, LimitsConfig.Default.RequestHeaders);
    }

    [Fact]
    public void Limits_are_read_with_their_units()
    {
        var limits = Load(Minimal + "\nlimits: { request-body: 1MB, request-headers: 16KB, headers-count: 50, idle: 30s, request-headers-timeout: 5s, min-body-rate: 1KB/s, max-connections: 1000 }").Limits;

        Assert.Equal(new LimitsConfig(1 << 20, 16 << 10, 50, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), 1024, 1000), limits);
    }

    [Fact]
    public void Min_body_rate_0_turns_the_check_off()
    {
        Assert.Equal(0, Load(Minimal + "\nlimits: { min-body-rate: 0 }").Limits.MinBodyRate);
    }

    [Theory]
    [InlineData("request-body: 30M", "limits.request-body", 25, "is not a size")]
    [InlineData("request-body: 0B", "limits.request-body", 25, "too small")]
    [InlineData("request-headers: 100B", "limits.request-headers", 28, "at least 1024 bytes")]
    [InlineData("headers-count: 0", "limits.headers-count", 26, "too small")]
    [InlineData("idle: 0", "limits.idle", 17, "greater than zero")]
    [InlineData("min-body-rate: 240", "limits.min-body-rate", 26, "is not a rate")]
    [InlineData("max-connections: many", "limits.max-connections", 28, "whole number")]
    public void Bad_limits_point_at_their_value(string setting, string field, int column, string message)
    {
        var error = ErrorFor(Minimal + $"\nlimits: {{ {setting} }}", field);

        AssertError(error, 9, column, message);
    }

    [Theory]
    [InlineData("512B", 512)]
    [InlineData("32KB", 32768)]
    [InlineData("30mb", 31457280)]
    [InlineData("2GB", 2147483648)]
    public void Sizes_are_powers_of_1024(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var parsed, out _));
        Assert.Equal(bytes, parsed);
    }

    [Fact]
    public void Forwarded_defaults_to_set_with_x_forwarded_and_no_trusted_proxies()
    {
        Assert.Equal(ForwardedConfig.Default, Load(Minimal).Forwarded);
        Assert.Equal(ForwardedMode.Set, ForwardedConfig.Default.Mode);
    }

    [Fact]
    public void Forwarded_is_read()
    {
        var forwarded = Load(Minimal + "\nforwarded: { mode: append, trusted-proxies: [10.0.0.0/8, 192.0.2.7, \"fd00::/8\"], host: pass, headers: [forwarded] }").Forwarded;

        Assert.Equal(ForwardedMode.Append, forwarded.Mode);
        Assert.Equal(ForwardedHost.Pass, forwarded.Host);
        Assert.Equal(["10.0.0.0/8", "192.0.2.7/32", "fd00::/8"], forwarded.TrustedProxies.Select(n => n.ToString()));
        Assert.False(forwarded.XForwarded);
        Assert.True(forwarded.Rfc7239);
        Assert.Equal(ForwardedPath.AsReceived, forwarded.Path);
    }

    [Fact]
    public void Forwarded_path_is_read()
    {
        Assert.Equal(ForwardedPath.Normalized, Load(Minimal + "\nforwarded: { path: normalized }").Forwarded.Path);
        Assert.Equal(ForwardedPath.AsReceived, Load(Minimal + "\nforwarded: { path: as-received }").Forwarded.Path);
    }

    [Theory]
    [InlineData("mode: replace", "forwarded.mode", 20, "'replace' is not allowed")]
    [InlineData("host: keep", "forwarded.host", 20, "allowed: rewrite, pass")]
    [InlineData("trusted-proxies: [10.0.0.1/8]", "forwarded.trusted-proxies[0]", 32, "not an IP address or CIDR range")]
    [InlineData("trusted-proxies: [lb.internal]", "forwarded.trusted-proxies[0]", 32, "not an IP address or CIDR range")]
    [InlineData("headers: [x-real-ip]", "forwarded.headers[0]", 24, "allowed: x-forwarded, forwarded")]
    [InlineData("path: raw", "forwarded.path", 20, "allowed: as-received, normalized")]
    public void Bad_forwarded_settings_point_at_their_value(string setting, string field, int column, string message)
    {
        var error = ErrorFor(Minimal + $"\nforwarded: {{ {setting} }}", field);

        AssertError(error, 9, column, message);
    }

    [Fact]
    public void Backend_tls_is_read_with_paths_resolved()
    {
        var tls = Load(WithCluster("destinations:\n  a: { address: https://10.0.0.5:8443 }\ntls: { ca: ca.pem, sni: web.internal, client-cert: { cert: /etc/c.pem, key: c.key } }")).Clusters[0].Tls;

        Assert.Equal(new BackendTlsConfig("/srv/fulcrum/ca.pem", "web.internal", "/etc/c.pem", "/srv/fulcrum/c.key", false), tls);
    }

    [Fact]
    public void Backend_tls_insecure_with_a_ca_is_an_error()
    {
        var error = ErrorFor(WithCluster("destinations:\n  a: { address: https://10.0.0.5:8443 }\ntls: { ca: ca.pem, insecure: true }"), "clusters.web.tls.insecure");

        AssertError(error, 7, 34, "remove one of them");
    }

    [Fact]
    public void Backend_tls_sni_must_be_a_host_name()
    {
        var error = ErrorFor(WithCluster("destinations:\n  a: { address: https://10.0.0.5:8443 }\ntls: { sni: \"web internal\" }"), "clusters.web.tls.sni");

        AssertError(error, 7, 17, "is not a host name");
    }

    [Fact]
    public void Backend_client_cert_needs_its_key()
    {
        var error = ErrorFor(WithCluster("destinations:\n  a: { address: https://10.0.0.5:8443 }\ntls: { client-cert: { cert: c.pem } }"), "clusters.web.tls.client-cert.key");

        AssertError(error, 7, 12, "'key' is required");
    }

    /// <summary>Certificates are checked and presented only in a TLS handshake: on an all-http:// cluster they were accepted and ignored.</summary>
    [Fact]
    public void Backend_tls_certificate_settings_on_an_http_only_cluster_are_errors_but_sni_is_not()
    {
        var errors = Errors(WithCluster("destinations:\n  a: { address: http://10.0.0.5:8080 }\ntls: { ca: ca.pem, sni: web.internal, insecure: false, client-cert: { cert: c.pem, key: c.key } }"));

        Assert.Equal(["clusters.web.tls.ca", "clusters.web.tls.client-cert", "clusters.web.tls.insecure"], errors.Select(e => e.Field).Order());
        Assert.All(errors, e => Assert.Contains("every destination of this cluster is http://", e.Message, StringComparison.Ordinal));
        Assert.Equal("web.internal", Load(WithCluster("destinations:\n  a: { address: http://10.0.0.5:8080 }\ntls: { sni: web.internal }")).Clusters[0].Tls!.Sni);
        Assert.NotNull(Load(WithCluster("destinations:\n  a: { address: http://10.0.0.5:8080 }\n  b: { address: https://10.0.0.6:8443 }\ntls: { ca: ca.pem }")).Clusters[0].Tls!.Ca);
    }
}
