namespace Fulcrum.Core.Audit.Formatting;

/// <param name="SourceRoot">
/// The folder artifact URIs are relative to (SARIF <c>%SRCROOT%</c>): the repository root in CI. Null means the
/// current directory. A file outside it is written as an absolute file URI.
/// </param>
/// <param name="InformationUri">The project's home page; rule help links are <c>{InformationUri}/blob/main/docs/rules/FULnnn.md</c>.</param>
public sealed record SarifFormatOptions(string? SourceRoot = null, string InformationUri = SarifFormatOptions.ProjectUri)
{
    public const string ProjectUri = "https://github.com/fulcrum-lb/fulcrum";

    public static SarifFormatOptions Default { get; } = new();

    public string HelpUri(IAuditRule rule) => $"{InformationUri.TrimEnd('/')}/blob/main/{rule.DocPath}";
}
