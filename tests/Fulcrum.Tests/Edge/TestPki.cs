using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// A throwaway certificate authority for one test: it signs leaf certificates for chosen host names and writes them
/// as PEM files, the way an operator's files look (certificate file, separate key file, CA bundle for clients).
/// </summary>
internal sealed class TestPki : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestPki(string folder)
    {
        Folder = folder;
        var request = new CertificateRequest("CN=Fulcrum Test CA", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        CaPath = Path.Combine(folder, "ca.pem");
        File.WriteAllText(CaPath, Ca.ExportCertificatePem());
    }

    public string Folder { get; }

    public X509Certificate2 Ca { get; }

    /// <summary>The CA certificate as PEM, for <c>curl --cacert</c>.</summary>
    public string CaPath { get; }

    /// <summary>Signs a leaf for <paramref name="hosts"/> and writes <c>{stem}.pem</c> and <c>{stem}.key</c>; returns the leaf.</summary>
    public X509Certificate2 Issue(string stem, string[] hosts, TimeSpan? validFor = null, TimeSpan? validFrom = null)
    {
        var (certPem, keyPem, leaf) = Create(hosts, validFor ?? TimeSpan.FromDays(90), validFrom ?? TimeSpan.FromDays(-1));
        File.WriteAllText(Path.Combine(Folder, stem + ".pem"), certPem);
        File.WriteAllText(Path.Combine(Folder, stem + ".key"), keyPem);
        return leaf;
    }

    /// <summary>Replaces the files of <paramref name="stem"/> as renewal tools do: write aside, then rename over (key first, cert last).</summary>
    public X509Certificate2 Renew(string stem, string[] hosts)
    {
        var (certPem, keyPem, leaf) = Create(hosts, TimeSpan.FromDays(90), TimeSpan.FromDays(-1));
        var cert = Path.Combine(Folder, stem + ".pem");
        var key = Path.Combine(Folder, stem + ".key");
        File.WriteAllText(key + ".new", keyPem);
        File.WriteAllText(cert + ".new", certPem);
        File.Move(key + ".new", key, overwrite: true);
        File.Move(cert + ".new", cert, overwrite: true);
        return leaf;
    }

    public string CertPath(string stem) => Path.Combine(Folder, stem + ".pem");

    public string KeyPath(string stem) => Path.Combine(Folder, stem + ".key");

    public void Dispose()
    {
        _caKey.Dispose();
        Ca.Dispose();
    }

    private (string Cert, string Key, X509Certificate2 Leaf) Create(string[] hosts, TimeSpan validFor, TimeSpan validFrom)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hosts[0]}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            names.AddDnsName(host);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var notBefore = DateTimeOffset.UtcNow + validFrom;
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        var leaf = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), notBefore, notBefore + validFor, serial);
        return (leaf.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), leaf);
    }
}
