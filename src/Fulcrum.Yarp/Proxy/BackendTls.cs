using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Fulcrum.Proxy;

/// <summary>
/// TLS options for connections to destinations from a cluster's metadata. With a CA bundle, a destination's chain
/// must end at one of those CAs (the system store is not consulted) and its name must still match.
/// </summary>
internal static class BackendTls
{
    /// <param name="options">The handler's TLS options.</param>
    /// <param name="metadata">The cluster's metadata.</param>
    /// <param name="baseDirectory">Where relative file paths resolve (the app's content root; null: the current directory).</param>
    public static void Configure(SslClientAuthenticationOptions options, IReadOnlyDictionary<string, string> metadata, string? baseDirectory)
    {
        if (Path(metadata, FulcrumMetadata.TlsClientCert, baseDirectory) is { } cert && Path(metadata, FulcrumMetadata.TlsClientKey, baseDirectory) is { } key)
        {
            options.ClientCertificates = [X509Certificate2.CreateFromPemFile(cert, key)];
        }
        if (Path(metadata, FulcrumMetadata.TlsCa, baseDirectory) is { } ca)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(ca);
            options.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => IsTrusted(certificate, chain, errors, roots);
        }
    }

    private static string? Path(IReadOnlyDictionary<string, string> metadata, string key, string? baseDirectory) =>
        metadata.TryGetValue(key, out var text) ? BackendTlsMetadata.ResolvePath(text, baseDirectory) : null;

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
