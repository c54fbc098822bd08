using Fulcrum.Core.Audit.Live;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit;

/// <summary>
/// Runs the audit rules over a config and orders the findings by file position. A rule that throws does not
/// take the audit down: its failure becomes a warning under its own id, and the other rules still run.
/// </summary>
public sealed class AuditEngine
{
    private readonly IReadOnlyList<IAuditRule> _rules;
    private readonly Func<IShareSimulator> _simulatorFactory;

    /// <param name="rules">The rules to run; <see cref="RuleCatalog.All"/> when null.</param>
    /// <param name="simulatorFactory">A fresh simulator per audited config; the built-in one when null.</param>
    public AuditEngine(IReadOnlyList<IAuditRule>? rules = null, Func<IShareSimulator>? simulatorFactory = null)
    {
        _rules = rules ?? RuleCatalog.All;
        _simulatorFactory = simulatorFactory ?? DefaultSimulator;
    }

    public static AuditEngine Default { get; } = new();

    public IReadOnlyList<IAuditRule> Rules => _rules;

    /// <summary>Audits <paramref name="config"/> with every built-in rule; compares predicted shares with <paramref name="against"/> when given.</summary>
    public static AuditReport Run(FulcrumConfig config, FulcrumConfig? against = null) => Default.Audit(config, against);

    public AuditReport Audit(FulcrumConfig config, FulcrumConfig? against = null) => Audit(config, against, null);

    /// <summary>
    /// Audits the serving <paramref name="config"/> with what the monitor observed: every rule runs, the live ones
    /// (capacity inferred from the observed data, drift from the file on disk, shares that moved) among them.
    /// </summary>
    public AuditReport AuditLive(FulcrumConfig config, LiveObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return Audit(config, null, null, observation);
    }

    /// <summary>
    /// Only the rules that read outside the config (<see cref="IAuditRule.ReadsOutsideConfig"/>), without simulating:
    /// what an earlier audit of the same config text cannot vouch for. Ordered like <see cref="Audit(FulcrumConfig, FulcrumConfig?)"/>.
    /// </summary>
    public IReadOnlyList<AuditFinding> AuditOutsideInputs(FulcrumConfig config)
    {
        // No rule asks this context for a prediction: those rules read files and the clock, not the simulation.
        var context = new AuditContext(config, _simulatorFactory(), null);
        var findings = new List<AuditFinding>();
        foreach (var rule in _rules)
        {
            if (rule.ReadsOutsideConfig)
            {
                findings.AddRange(RunRule(rule, context));
            }
        }
        return Ordered(findings);
    }

    /// <summary>The audit, taking unchanged clusters' predictions from <paramref name="reused"/> (see <see cref="IncrementalAudit"/>).</summary>
    internal AuditReport Audit(FulcrumConfig config, FulcrumConfig? against, PredictionCache? reused) =>
        Audit(config, against, reused, null);

    private AuditReport Audit(FulcrumConfig config, FulcrumConfig? against, PredictionCache? reused, LiveObservation? observation)
    {
        var context = Predicted(config, reused, observation);
        var findings = new List<AuditFinding>();
        foreach (var rule in _rules)
        {
            findings.AddRange(RunRule(rule, context));
        }
        var ordered = Ordered(findings);
        var comparison = against is null
            ? null
            : ShareComparer.Compare(Predicted(against, null), context);
        return new AuditReport(config.Source.File, _rules, ordered, comparison) { Splits = ClusterSplit.Of(context) };
    }

    private AuditContext Predicted(FulcrumConfig config, PredictionCache? reused, LiveObservation? observation = null)
    {
        var context = new AuditContext(config, _simulatorFactory(), reused) { Observation = observation };
        context.PredictAll();
        return context;
    }

    // A stable sort: findings at the same position keep the rules' order.
    private static List<AuditFinding> Ordered(List<AuditFinding> findings) =>
        findings
            .OrderBy(f => f.Location.File, StringComparer.Ordinal)
            .ThenBy(f => f.Location.Line)
            .ThenBy(f => f.Location.Column)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToList();

    private static IReadOnlyList<AuditFinding> RunRule(IAuditRule rule, AuditContext context)
    {
        try
        {
            return rule.Check(context).ToList();
        }
        catch (Exception ex)
        {
            return
            [
                new AuditFinding(
                    rule.Id,
                    AuditSeverity.Warning,
                    $"rule {rule.Id} could not check this config ({ex.GetType().Name}: {ex.Message}); its verdict is missing",
                    new SourceLocation(context.Config.Source.File, 1, 1),
                    null,
                    null),
            ];
        }
    }

    private static IShareSimulator DefaultSimulator() => new SimulatorShareSimulator();
}
