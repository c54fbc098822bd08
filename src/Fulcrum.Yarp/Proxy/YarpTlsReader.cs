using Fulcrum.Core.Config;
using YarpCluster = Yarp.ReverseProxy.Configuration.ClusterConfig;

namespace Fulcrum.Proxy;

/// <summary>
/// The TLS part of <see cref="YarpConfigReader"/>: a YARP cluster's connection to its destinations (CA, client
/// certificate, YARP's accept-any switch, the server name) read into the <c>tls</c> that Fulcrum's rules judge.
/// </summary>
internal static class YarpTlsReader
{
    /// <summary>
    /// <c>tls</c> as it serves: the files from metadata (relative paths resolved as the live connection resolves
    /// them), insecure from YARP's own switch, and the SNI name from the destinations' Host when they all share one
    /// (.NET sends the Host as the server name). Without this the view the audit judges had no TLS while the proxy
    /// accepted any certificate, so FUL023 stayed silent. Settings the connection would drop are problems.
    /// </summary>
    public static BackendTlsConfig? Tls(YarpCluster cluster, MetadataValues metadata, string? sni, string? baseDirectory)
    {
        var insecure = cluster.HttpClient?.DangerousAcceptAnyServerCertificate == true;
        if (cluster.Destinations is { Count: > 0 } all && all.Values.All(d => d.Address?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true))
        {
            metadata.FailEach(BackendTlsMetadata.Keys,
                "is a TLS setting, and every destination of this cluster is http://, so it would have no effect; use https:// addresses or remove it");
        }
        var ca = metadata.FilePath(FulcrumMetadata.TlsCa, baseDirectory);
        var cert = metadata.FilePath(FulcrumMetadata.TlsClientCert, baseDirectory);
        var key = metadata.FilePath(FulcrumMetadata.TlsClientKey, baseDirectory);
        if (insecure && ca is not null)
        {
            metadata.Fail(FulcrumMetadata.TlsCa,
                "HttpClient:DangerousAcceptAnyServerCertificate turns certificate checks off, so this CA bundle would never be used; remove one of them");
            ca = null;
        }
        if ((cert is null) != (key is null))
        {
            metadata.Fail(cert is null ? FulcrumMetadata.TlsClientKey : FulcrumMetadata.TlsClientCert,
                $"a client certificate needs both {FulcrumMetadata.TlsClientCert} and {FulcrumMetadata.TlsClientKey}; with one alone none is presented");
            cert = key = null;
        }
        var tls = new BackendTlsConfig(ca, sni, cert, key, insecure);
        return tls is { Ca: null, Sni: null, ClientCert: null, ClientKey: null, Insecure: false } ? null : tls;
    }

    /// <summary>
    /// The destinations' Host (the server name .NET sends): one shared name is the cluster's <c>tls.sni</c>; when
    /// they differ (or only some set one) each destination keeps its own, so the view maps back to the same Hosts.
    /// </summary>
    public static (string? Shared, IReadOnlyDictionary<string, string?> PerDestination) Sni(IReadOnlyDictionary<string, Yarp.ReverseProxy.Configuration.DestinationConfig>? destinations)
    {
        var hosts = destinations?.Values.Select(d => d.Host).Distinct(StringComparer.Ordinal).ToArray() ?? [];
        return hosts switch
        {
            [] or [null] => (null, new Dictionary<string, string?>()),
            [{ } host] => (host, new Dictionary<string, string?>()),
            _ => (null, destinations!.ToDictionary(d => d.Key, d => d.Value.Host, StringComparer.Ordinal)),
        };
    }
}
