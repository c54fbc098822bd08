using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Audit;

/// <summary>
/// The shipped sample configs (samples/*.yaml; the subfolders hold invalid configs and simulator scenarios)
/// must start: the audit finds nothing at error level in them.
/// </summary>
public class SampleConfigTests
{
    public static TheoryData<string> Samples() =>
        new(Directory.GetFiles(RepositoryFiles.PathOf("samples"), "*.yaml", SearchOption.TopDirectoryOnly)
            .Select(path => Path.GetRelativePath(RepositoryFiles.Root, path)));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Audits_without_error_level_findings(string sample)
    {
        var report = AuditEngine.Run(ConfigLoader.LoadFile(RepositoryFiles.PathOf(sample)));

        Assert.True(report.Errors == 0, $"{sample}:\n" + string.Join("\n", report.Findings));
        Assert.Equal(0, report.ExitCode);
    }
}
