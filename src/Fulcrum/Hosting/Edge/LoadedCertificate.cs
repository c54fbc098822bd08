using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Fulcrum.Core.Config;

namespace Fulcrum.Hosting.Edge;

/// <summary>One PEM pair loaded for serving: the leaf with its key, and the context that sends its intermediates too.</summary>
internal sealed class LoadedCertificate
{
    private LoadedCertificate(CertificateConfig config, X509Certificate2 leaf, SslStreamCertificateContext context)
    {
        Config = config;
        Leaf = leaf;
        Context = context;
    }

    public CertificateConfig Config { get; }

    public X509Certificate2 Leaf { get; }

    public SslStreamCertificateContext Context { get; }

    /// <summary>Reads the pair; throws <see cref="CertificateLoadException"/> naming the file when it is missing, unreadable or mismatched.</summary>
    public static LoadedCertificate Load(CertificateConfig config)
    {
        try
        {
            var leaf = X509Certificate2.CreateFromPemFile(config.Cert, config.Key);
            var all = new X509Certificate2Collection();
            all.ImportFromPemFile(config.Cert);
            // The file is leaf first, then intermediates: those are sent with the leaf so clients can build the chain.
            var intermediates = new X509Certificate2Collection(all.Skip(1).ToArray());
            var context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
            return new LoadedCertificate(config, leaf, context);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new CertificateLoadException($"certificate {config.Cert} with key {config.Key}: {e.Message}", e);
        }
    }

    /// <summary>True when this certificate is configured for <paramref name="host"/>: exactly, or by a one-label <c>*.</c> wildcard.</summary>
    public bool Serves(string host)
    {
        foreach (var pattern in Config.Hosts)
        {
            if (string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            if (pattern.StartsWith("*.", StringComparison.Ordinal) && host.IndexOf('.') is var dot and > 0
                && string.Equals(pattern[1..], host[dot..], StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}

public sealed class CertificateLoadException(string message, Exception inner) : Exception(message, inner);
