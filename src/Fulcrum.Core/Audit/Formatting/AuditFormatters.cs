namespace Fulcrum.Core.Audit.Formatting;

/// <summary>The output formats of <c>fulcrum audit --format text|json|sarif</c> (and <c>POST /api/audit</c>).</summary>
public static class AuditFormatters
{
    /// <summary>The names <c>--format</c> accepts.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["text", "json", "sarif"];

    /// <summary>Compiler-style lines (<c>file:line:col: severity FULnnn: message</c>), grouped, with a summary.</summary>
    public static string Text(AuditReport report, TextFormatOptions? options = null) =>
        TextFormatter.Format(report, options ?? TextFormatOptions.Default);

    /// <summary>A stable camelCase JSON document: <c>{ file, findings: [...], summary: {...}, comparison }</c>.</summary>
    public static string Json(AuditReport report) => JsonFormatter.Format(report);

    /// <summary>A SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers.</summary>
    public static string Sarif(AuditReport report, SarifFormatOptions? options = null) =>
        SarifFormatter.Format(report, options ?? SarifFormatOptions.Default);

    /// <summary>The rule catalog for <c>fulcrum rules</c>: one line per rule — id, severity, title, doc page.</summary>
    public static string Rules(IEnumerable<IAuditRule>? rules = null) =>
        string.Concat((rules ?? RuleCatalog.All).Select(r =>
            $"{r.Id}  {AuditSeverities.Name(r.Severity),-7}  {r.Title} ({r.DocPath})\n"));

    /// <summary>Formats by name ("text", "json", "sarif"; case-insensitive); null for an unknown name.</summary>
    public static string? Format(AuditReport report, string format) => format.ToLowerInvariant() switch
    {
        "text" => Text(report),
        "json" => Json(report),
        "sarif" => Sarif(report),
        _ => null,
    };
}
