using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

/// <summary>FUL022 on certificates the test makes and writes as PEM: expired, expiring, mismatched, unreadable, fine.</summary>
public sealed class Ful022CertificateExpiringOrMismatchedTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fulcrum-ful022-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Flags_an_expired_certificate_at_its_cert_setting()
    {
        var cert = Write("old", ["shop.example"], notBefore: -100, notAfter: -1);

        var findings = AssertFlagged(Config(cert, "[shop.example]", marker: "# <-"), "FUL022");

        Assert.Contains("expired on", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_a_certificate_expiring_within_14_days()
    {
        var cert = Write("soon", ["shop.example"], notBefore: -80, notAfter: 5);

        var findings = AssertFlagged(Config(cert, "[shop.example]", marker: "# <-"), "FUL022");

        Assert.Contains("in 5 days", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_each_host_the_certificate_does_not_cover()
    {
        var cert = Write("shop", ["shop.example", "*.img.example"], notBefore: -1, notAfter: 90);
        var yaml = $$"""
            listen:
              - url: https://0.0.0.0:8443
                tls:
                  certificates:
                    - cert: "{{cert}}"
                      key: /etc/fulcrum/shop.key
                      hosts:
                        - shop.example
                        - a.img.example
                        - www.shop.example   # <-
                        - "*.img.example"
                        - "*.shop.example"   # <-
            """ + Cluster;

        var findings = AssertFlagged(yaml, "FUL022");

        Assert.Contains("not valid for 'www.shop.example'", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_a_file_that_cannot_be_read()
    {
        var findings = AssertFlagged(Config(Path.Combine(_folder, "missing.pem"), "[shop.example]", marker: "# <-"), "FUL022");

        Assert.Contains("exit 4", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Passes_a_valid_certificate_for_its_hosts()
    {
        var cert = Write("good", ["shop.example", "www.shop.example"], notBefore: -1, notAfter: 90);

        AssertClean(Config(cert, "[shop.example, www.shop.example]", marker: ""), "FUL022");
    }

    [Fact]
    public void Passes_configs_without_tls()
    {
        AssertClean("listen: [http://0.0.0.0:8080]\n" + Cluster, "FUL022");
    }

    private const string Cluster = """

        routes:
          - { name: web, match: { path: "/{**rest}" }, cluster: web }
        clusters:
          web:
            destinations:
              a: { address: http://10.0.0.5:8080 }
        """;

    private static string Config(string cert, string hosts, string marker) => $$"""
        listen:
          - url: https://0.0.0.0:8443
            tls:
              certificates:
                - cert: "{{cert}}"   {{marker}}
                  key: /etc/fulcrum/shop.key
                  hosts: {{hosts}}
        """ + Cluster;

    private string Write(string name, string[] hosts, int notBefore, int notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hosts[0]}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            names.AddDnsName(host);
        }
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(notBefore), now.AddDays(notAfter).AddHours(1));
        var path = Path.Combine(_folder, name + ".pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
