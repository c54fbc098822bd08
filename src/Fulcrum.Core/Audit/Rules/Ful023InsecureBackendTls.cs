namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL023: a cluster with <c>tls.insecure: true</c>. The connection is encrypted but anyone on the path can
/// impersonate the backend; the switch exists for a migration, so the audit keeps saying it is on.
/// </summary>
internal sealed class Ful023InsecureBackendTls : AuditRule
{
    public override string Id => "FUL023";
    public override string Name => "InsecureBackendTls";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Backend certificates are not verified (tls.insecure)";
    public override string Description =>
        "With tls.insecure: true Fulcrum accepts any certificate from the cluster's https:// destinations: expired, " +
        "self-signed, or presented by whoever sits between Fulcrum and the backend. Give the internal CA with tls.ca " +
        "(and tls.sni when the certificate names a host rather than the address) instead.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (cluster.Tls is { Insecure: true })
            {
                yield return Finding(
                    context,
                    SettingKeys.Cluster(cluster.Name, "tls.insecure"),
                    $"cluster '{cluster.Name}' does not verify its destinations' certificates (tls.insecure: true): anyone on the path can pose as the backend; trust the internal CA with tls.ca instead",
                    cluster.Name);
            }
        }
    }
}
