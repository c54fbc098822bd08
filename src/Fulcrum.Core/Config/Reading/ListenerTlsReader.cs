using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// <c>listen[].tls: { certificates: [{ cert, key, hosts }], protocols: [tls1.2, tls1.3] }</c>. Only the shape is
/// checked here; whether the files exist and hold a matching pair is checked when the listener starts (exit 4) and by
/// the audit, because a certificate is renewed on the machine, not in the config.
/// </summary>
internal static class ListenerTlsReader
{
    public static readonly string[] ProtocolNames = ["tls1.2", "tls1.3"];

    public static ListenerTlsConfig Read(MapReader map, string baseDirectory)
    {
        var certificates = new List<CertificateConfig>();
        if (map.Required("certificates", "a list of { cert, key, hosts } PEM file pairs") is { } node)
        {
            var items = map.Context.List(node, map.PathOf("certificates"), "certificates, each { cert, key, hosts }");
            if (node is ListNode && items.Count == 0)
            {
                map.Fail("certificates", "the list is empty; give at least one { cert, key } pair of PEM files");
            }
            for (var i = 0; i < items.Count; i++)
            {
                if (ReadCertificate(map.Context, items[i], $"{map.PathOf("certificates")}[{i}]", baseDirectory) is { } certificate)
                {
                    certificates.Add(certificate);
                }
            }
        }
        return new ListenerTlsConfig(certificates, ReadProtocols(map));
    }

    private static CertificateConfig? ReadCertificate(ReadContext ctx, ConfigNode node, string path, string baseDirectory)
    {
        if (ctx.Map(node, path, ConfigKeys.ListenerCertificate) is not { } map)
        {
            return null;
        }
        var cert = FilePath(map, "cert", "the PEM file of the certificate (chain), e.g. /etc/fulcrum/shop.pem", baseDirectory);
        var key = FilePath(map, "key", "the PEM file of its private key, e.g. /etc/fulcrum/shop.key", baseDirectory);
        var hosts = new List<string>();
        if (map["hosts"] is { } hostsNode)
        {
            var items = ctx.List(hostsNode, map.PathOf("hosts"), "host names, e.g. [shop.example, *.shop.example]");
            for (var i = 0; i < items.Count; i++)
            {
                if (Values.String(ctx, items[i], $"{map.PathOf("hosts")}[{i}]", "a host name") is { } host)
                {
                    hosts.Add(host.ToLowerInvariant());
                }
            }
        }
        return cert is null || key is null ? null : new CertificateConfig(cert, key, hosts);
    }

    private static string? FilePath(MapReader map, string key, string what, string baseDirectory)
    {
        if (map.Required(key, what) is null || map.String(key, what) is not { } text)
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

    private static IReadOnlyList<TlsVersion> ReadProtocols(MapReader map)
    {
        if (map["protocols"] is not { } node)
        {
            return ListenerTlsConfig.DefaultProtocols;
        }
        var versions = new List<TlsVersion>();
        var items = map.Context.List(node, map.PathOf("protocols"), "TLS versions, e.g. [tls1.2, tls1.3]");
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{map.PathOf("protocols")}[{i}]";
            if (Values.String(map.Context, items[i], path, "tls1.2 or tls1.3") is not { } text)
            {
                continue;
            }
            switch (text)
            {
                case "tls1.2": versions.Add(TlsVersion.Tls12); break;
                case "tls1.3": versions.Add(TlsVersion.Tls13); break;
                default:
                    // TLS 1.0 and 1.1 are deprecated by RFC 8996; they are not offered at all.
                    map.Context.Error(items[i], path, $"'{text}' is not allowed; allowed: {string.Join(", ", ProtocolNames)} (TLS 1.0 and 1.1 are deprecated, RFC 8996)");
                    break;
            }
        }
        if (node is ListNode && items.Count == 0)
        {
            map.Fail("protocols", "the list is empty; give tls1.2, tls1.3 or both, or omit 'protocols' for both");
        }
        return versions.Distinct().ToList();
    }
}
