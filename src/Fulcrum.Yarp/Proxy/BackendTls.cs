using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Fulcrum.Proxy;

/// <summary>
/// TLS options for connections to destinations from a cluster's metadata. With a CA bundle, a destination's chain
/// must end at one of those CAs (the system store is not consulted) and its name must still match.
/// </summary>
internal static class BackendTls
{
    public static void Configure(SslClientAuthenticationOptions options, IReadOnlyDictionary<string, string> metadata)
    {
        if (metadata.TryGetValue(FulcrumMetadata.TlsClientCert, out var cert) && metadata.TryGetValue(FulcrumMetadata.TlsClientKey, out var key))
        {
            options.ClientCertificates = [X509Certificate2.CreateFromPemFile(cert, key)];
        }
        if (metadata.TryGetValue(FulcrumMetadata.TlsCa, out var ca))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(ca);
            options.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => IsTrusted(certificate, chain, errors, roots);
        }
    }

    private static bool IsTrusted(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        // Only chain errors are re-judged against the bundle; a name mismatch or a missing certificate still fails.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        // Internal CAs rarely publish revocation lists; the bundle is the operator's statement of trust.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
