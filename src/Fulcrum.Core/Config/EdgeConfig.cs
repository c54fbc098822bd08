namespace Fulcrum.Core.Config;

/// <summary>
/// One entry of <c>listen</c>: a plain URL, or a URL with TLS certificates and protocol settings. Certificate paths
/// are resolved against the config file's folder. MaxConnections caps this listener's open connections (null: only
/// the process-wide <see cref="LimitsConfig.MaxConnections"/> applies).
/// </summary>
public sealed record ListenerConfig(string Url, ListenerTlsConfig? Tls = null, bool Http2 = false, int? MaxConnections = null)
{
    public bool IsHttps => Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Certificates in SNI order: the first one whose hosts match the requested name wins; the first is the fallback.</summary>
public sealed record ListenerTlsConfig(IReadOnlyList<CertificateConfig> Certificates, IReadOnlyList<TlsVersion> Protocols)
{
    public static IReadOnlyList<TlsVersion> DefaultProtocols { get; } = [TlsVersion.Tls12, TlsVersion.Tls13];
}

/// <summary>A PEM certificate (chain) and its key; Hosts are the SNI names it answers for (empty: any name).</summary>
public sealed record CertificateConfig(string Cert, string Key, IReadOnlyList<string> Hosts);

public enum TlsVersion { Tls12, Tls13 }

/// <summary>
/// Request limits, the same on every listener. Defaults are Kestrel's own, written down so the config says what
/// it gets; MaxConnections null means no limit.
/// </summary>
public sealed record LimitsConfig(
    long RequestBody,
    int RequestHeaders,
    int HeadersCount,
    TimeSpan Idle,
    TimeSpan RequestHeadersTimeout,
    long MinBodyRate,
    long? MaxConnections)
{
    public static LimitsConfig Default { get; } = new(
        RequestBody: 30L * 1024 * 1024,
        RequestHeaders: 32 * 1024,
        HeadersCount: 100,
        Idle: TimeSpan.FromMinutes(2),
        RequestHeadersTimeout: TimeSpan.FromSeconds(30),
        MinBodyRate: 240,
        MaxConnections: null);
}

/// <summary>
/// How the proxy tells backends who the client is. Mode Set replaces what the client sent; Append keeps it and adds
/// the client address (NGINX's <c>proxy_add_x_forwarded_for</c>). TrustedProxies are the peers whose own
/// X-Forwarded-For/Proto are believed for the client address and scheme.
/// </summary>
public sealed record ForwardedConfig(ForwardedMode Mode, IReadOnlyList<System.Net.IPNetwork> TrustedProxies, ForwardedHost Host, bool XForwarded, bool Rfc7239)
{
    public static ForwardedConfig Default { get; } = new(ForwardedMode.Set, [], ForwardedHost.Rewrite, XForwarded: true, Rfc7239: false);

    /// <summary>How the request path and query reach the backend; <see cref="ForwardedPath.AsReceived"/> by default.</summary>
    public ForwardedPath Path { get; init; } = ForwardedPath.AsReceived;
}

public enum ForwardedMode { Set, Append }

/// <summary>Pass: the backend gets the client's Host header. Rewrite: the destination's host (YARP's and NGINX's default).</summary>
public enum ForwardedHost { Rewrite, Pass }

/// <summary>
/// AsReceived: the backend gets the client's path and query with every percent escape as sent (%2F stays %2F).
/// Normalized: RFC 3986 §6.2.2 normalisation (escapes of unreserved characters decoded, hex digits upper-cased).
/// Either way dot segments are removed, so the backend is asked for the path the route matched.
/// </summary>
public enum ForwardedPath { AsReceived, Normalized }

/// <summary>
/// TLS to a cluster's <c>https://</c> destinations: trust only <see cref="Ca"/> (else the system store), present
/// <see cref="Sni"/> as the server name, authenticate with a client certificate, or — explicitly, and reported by
/// the audit — verify nothing. Paths are resolved against the config file's folder.
/// </summary>
public sealed record BackendTlsConfig(string? Ca, string? Sni, string? ClientCert, string? ClientKey, bool Insecure);
