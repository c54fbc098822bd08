namespace Fulcrum.Core.Config.Reading;

/// <summary><c>clusters.NAME.tls: { ca, sni, client-cert: { cert, key }, insecure }</c>.</summary>
internal static class BackendTlsReader
{
    public static BackendTlsConfig? Read(MapReader cluster, string baseDirectory, IReadOnlyList<DestinationConfig> destinations)
    {
        if (cluster.Section("tls", ConfigKeys.BackendTls) is not { } map)
        {
            return null;
        }
        if (destinations.Count > 0 && destinations.All(d => d.Address.Scheme == Uri.UriSchemeHttp))
        {
            // Certificates are only checked or presented in a TLS handshake; sni stays meaningful (it is the Host sent).
            foreach (var setting in new[] { "ca", "client-cert", "insecure" }.Where(k => map[k] is not null))
            {
                map.Fail(setting, $"'{setting}' applies to https:// destinations, and every destination of this cluster is http://, " +
                    "so it would have no effect; use https:// addresses or remove it");
            }
        }
        var ca = FilePath(map, "ca", "a PEM file of the CA certificates to trust, e.g. /etc/ssl/internal-ca.pem", baseDirectory);
        var sni = map.String("sni", "the server name to ask for, e.g. web.internal");
        if (sni is not null && Uri.CheckHostName(sni) != UriHostNameType.Dns)
        {
            map.Fail("sni", $"'{sni}' is not a host name; SNI carries a DNS name such as web.internal");
            sni = null;
        }
        string? cert = null, key = null;
        if (map.Section("client-cert", ConfigKeys.ClientCertificate) is { } client)
        {
            cert = client.Required("cert", "a PEM file of the client certificate") is null ? null
                : FilePath(client, "cert", "a PEM file of the client certificate", baseDirectory);
            key = client.Required("key", "a PEM file of its private key") is null ? null
                : FilePath(client, "key", "a PEM file of its private key", baseDirectory);
        }
        var insecure = map.Bool("insecure") ?? false;
        if (insecure && ca is not null)
        {
            map.Fail("insecure", "'insecure: true' turns certificate checks off, so 'ca' would never be used; remove one of them");
        }
        return new BackendTlsConfig(ca, sni, cert, key, insecure);
    }

    private static string? FilePath(MapReader map, string key, string what, string baseDirectory)
    {
        if (map.String(key, what) is not { } text)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(text) || text.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            map.Fail(key, $"'{text}' is not a usable file path; expected {what}");
            return null;
        }
        return Path.GetFullPath(text, baseDirectory);
    }
}
