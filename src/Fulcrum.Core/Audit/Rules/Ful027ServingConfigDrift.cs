using Fulcrum.Core.Audit.Live;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL027 (live): the config serving now is not the one in the file on disk: it was pushed or forced through the
/// admin API, or the file was edited and refused. The next restart will serve something else.
/// </summary>
internal sealed class Ful027ServingConfigDrift : LiveAuditRule
{
    /// <summary>How many differences the message lists before "and N more".</summary>
    private const int Listed = 3;

    public override string Id => "FUL027";
    public override string Name => "ServingConfigDiffersFromFile";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "The serving config differs from the file on disk";
    public override string Description =>
        "Live audit only. The config that serves now is compared with the file it came from (the `-c` file of " +
        "`fulcrum run`; an embedding app tells Fulcrum where its file is, or this rule stays silent). A difference means " +
        "a config was pushed, forced or rolled back through the admin API, or the file was edited and the edit refused: " +
        "the next restart or reload serves something other than what serves now. Write the serving config to the file, " +
        "or apply the file.";

    protected override IEnumerable<AuditFinding> CheckLive(AuditContext context, LiveObservation observation)
    {
        if (observation.OnDiskError is { } error)
        {
            yield return Finding(context, "", $"the file on disk cannot be compared with the serving config: {error}");
            yield break;
        }
        if (observation.OnDisk is not { } onDisk)
        {
            yield break;
        }
        var changes = ConfigDiff.Compare(context.Config, onDisk);
        if (changes.Count == 0)
        {
            yield break;
        }
        var listed = string.Join("; ", changes.Take(Listed).Select(c => c.Description));
        var more = changes.Count > Listed ? $"; and {changes.Count - Listed} more" : "";
        yield return Finding(
            context,
            changes[0].Path,
            $"the serving config differs from {onDisk.Source.File} in {changes.Count} setting(s), from serving to file: {listed}{more}");
    }
}
