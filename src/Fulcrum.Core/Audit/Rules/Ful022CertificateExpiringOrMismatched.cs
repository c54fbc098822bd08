using Fulcrum.Core.Config;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL022: a listener certificate that is expired, expires within 14 days, or does not cover a host it is configured
/// for. Each of these breaks TLS for some clients while Fulcrum itself keeps running, so nothing else would say so.
/// </summary>
internal sealed class Ful022CertificateExpiringOrMismatched : AuditRule
{
    /// <summary>Two weeks leaves a weekend and a failed renewal run to notice and act.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    public override string Id => "FUL022";
    public override string Name => "CertificateExpiringOrMismatched";
    public override AuditSeverity Severity => AuditSeverity.Warning;

    // Reads the certificate files and compares with today's date.
    public override bool ReadsOutsideConfig => true;
    public override string Title => "TLS certificate expired, expiring within 14 days, or not valid for its hosts";
    public override string Description =>
        "A listener's certificate that has expired, or is not valid for a host name it is configured to answer, " +
        "makes clients refuse the connection while Fulcrum itself looks healthy. One that expires within 14 days " +
        "will do the same soon: renewal has probably failed. A file that cannot be read is reported too: " +
        "'fulcrum run' refuses to start with it (exit 4).";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < context.Config.Listeners.Count; i++)
        {
            if (context.Config.Listeners[i].Tls?.Certificates is not { Count: > 0 } certificates)
            {
                continue;
            }
            foreach (var finding in CheckListener(context, i, certificates, now))
            {
                yield return finding;
            }
        }
    }

    // Apart from Check: a start without TLS listeners (the usual one) never compiles the certificate checks.
    private IEnumerable<AuditFinding> CheckListener(AuditContext context, int i, IReadOnlyList<CertificateConfig> certificates, DateTimeOffset now)
    {
        for (var j = 0; j < certificates.Count; j++)
        {
            var key = $"listen[{i}].tls.certificates[{j}]";
            var configured = certificates[j];
            if (!TryRead(configured.Cert, out var certificate, out var error))
            {
                yield return Finding(context, key + ".cert", $"certificate {configured.Cert} cannot be read ({error}): 'fulcrum run' will not start with it (exit 4)");
                continue;
            }
            using (certificate)
            {
                foreach (var finding in CheckOne(context, key, configured.Cert, configured.Hosts, certificate, now))
                {
                    yield return finding;
                }
            }
        }
    }

    private static bool TryRead(string path, out X509Certificate2 certificate, out string error)
    {
        try
        {
            certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            error = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            certificate = null!;
            error = e.Message;
            return false;
        }
    }

    private IEnumerable<AuditFinding> CheckOne(AuditContext context, string key, string file, IReadOnlyList<string> hosts, X509Certificate2 certificate, DateTimeOffset now)
    {
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (notAfter <= now)
        {
            yield return Finding(context, key + ".cert", $"certificate {file} ({certificate.Subject}) expired on {notAfter:yyyy-MM-dd HH:mm} UTC: clients refuse the connection");
        }
        else if (notAfter - now < ExpiryWarning)
        {
            yield return Finding(context, key + ".cert", $"certificate {file} ({certificate.Subject}) expires on {notAfter:yyyy-MM-dd HH:mm} UTC, in {Math.Floor((notAfter - now).TotalDays):0} days: renew it (renewal may have failed)");
        }
        for (var k = 0; k < hosts.Count; k++)
        {
            // A configured wildcard is covered when a name it stands for is: *.api.example by a cert for *.api.example.
            var probe = hosts[k].StartsWith("*.", StringComparison.Ordinal) ? "fulcrum-audit-probe" + hosts[k][1..] : hosts[k];
            if (!certificate.MatchesHostname(probe, allowWildcards: true, allowCommonName: true))
            {
                yield return Finding(context, $"{key}.hosts[{k}]", $"certificate {file} ({certificate.Subject}) is not valid for '{hosts[k]}', which it is configured to answer: clients asking for it get a name mismatch");
            }
        }
    }
}
