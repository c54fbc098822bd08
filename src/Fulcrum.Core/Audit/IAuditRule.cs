namespace Fulcrum.Core.Audit;

/// <summary>
/// One audit rule, in the manner of a Roslyn analyzer: a stable id that never changes meaning (<c>FUL001</c>…),
/// a fixed severity, a one-line title, a longer description, a doc page, and a check over a whole config.
/// Rules are stateless and safe to run concurrently.
/// </summary>
public interface IAuditRule
{
    /// <summary>Stable id, <c>FUL</c> and three digits.</summary>
    string Id { get; }

    /// <summary>PascalCase name (SARIF <c>rules[].name</c>), e.g. <c>DuplicateDestinationAddress</c>.</summary>
    string Name { get; }

    AuditSeverity Severity { get; }

    /// <summary>One line: what the rule catches.</summary>
    string Title { get; }

    /// <summary>A few sentences: why it matters and what to do about it.</summary>
    string Description { get; }

    /// <summary>Repository-relative path of the rule's page: <c>docs/rules/FULnnn.md</c>.</summary>
    string DocPath => $"docs/rules/{Id}.md";

    /// <summary>
    /// True when the verdict depends on more than the config itself (files it names, the clock): an earlier audit of
    /// the same config text cannot vouch for it, so a reused audit runs this rule again.
    /// </summary>
    bool ReadsOutsideConfig => false;

    IEnumerable<AuditFinding> Check(AuditContext context);
}
