using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Audit.Formatting;

/// <summary>Reports built by hand, so formatter tests pin the output shape independently of the rules.</summary>
internal static class FormatterReports
{
    public static AuditReport TwoClusters() => new(
        "conf/fulcrum.yaml",
        RuleCatalog.All,
        [
            Finding("FUL001", AuditSeverity.Error, "dup", 12, 20, "web", "b"),
            Finding("FUL009", AuditSeverity.Warning, "no health", 20, 3, "api", null),
            Finding("FUL013", AuditSeverity.Info, "single", 22, 5, "api", "x"),
            Finding("FUL018", AuditSeverity.Warning, "loose", 30, 14, null, null),
        ]);

    /// <summary>The predicted split of a cluster "web": a takes everything, b and the long-named c none.</summary>
    public static IReadOnlyList<ClusterSplit> Splits() =>
    [
        new ClusterSplit("web", "first-available",
        [
            new SplitRow("a", 1, 1 / 3.0, 1.0),
            new SplitRow("b", 1, 1 / 3.0, 0.0),
            new SplitRow("canary-east", 1, 1 / 3.0, null),
        ]),
    ];

    public static AuditFinding Finding(string rule, AuditSeverity severity, string message, int line, int column, string? cluster, string? destination) =>
        new(rule, severity, message, new SourceLocation("conf/fulcrum.yaml", line, column), cluster, destination);

    public static ShareComparison Comparison() => new(
        "old.yaml",
        "conf/fulcrum.yaml",
        [
            new ClusterShareChange("web", ShareChangeKind.Changed,
            [
                new DestinationShareChange("a", 1 / 3.0, 0.2),
                new DestinationShareChange("b", 1 / 3.0, 0.62),
                new DestinationShareChange("d", null, 0.18),
                new DestinationShareChange("c", 1 / 3.0, null),
            ]),
            new ClusterShareChange("api", ShareChangeKind.Unchanged, [new DestinationShareChange("x", 1, 1)]),
        ]);
}
