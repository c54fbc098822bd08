namespace Fulcrum.Core.Config.Reading;

/// <summary><c>audit: { every }</c>; absent keys take <see cref="AuditConfig.Default"/>, <c>0s</c> turns the scheduled audit off.</summary>
internal static class AuditReader
{
    public static AuditConfig Read(ReadContext ctx, Yaml.ConfigNode? node)
    {
        if (node is null || ctx.Map(node, "audit", ConfigKeys.Audit) is not { } map)
        {
            return AuditConfig.Default;
        }
        return new AuditConfig(map.Duration("every", allowZero: true) ?? AuditConfig.Default.Every);
    }
}
