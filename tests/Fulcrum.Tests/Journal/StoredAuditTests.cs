using Fulcrum.Core.Config;
using Fulcrum.Hosting;
using Fulcrum.Journal;

namespace Fulcrum.Tests.Journal;

/// <summary>The text form of a journaled audit: what is written reads back the same, and anything else is refused.</summary>
public sealed class StoredAuditTests
{
    [Fact]
    public void Findings_read_back_as_written_escapes_included()
    {
        AuditIssue[] findings =
        [
            new("FUL009", "warning", "cluster web has no health check", new SourceLocation("/etc/fulcrum/fulcrum.yaml", 12, 5)),
            new("FUL022", "error", "tab\there, a line\nbreak, a CR\r, a backslash \\ and \\t written out", new SourceLocation("C:\\odd\tpath.yaml", 1, 1)),
            new("FUL001", "info", "", new SourceLocation("", 0, 0)),
        ];

        var stored = StoredAudit.Of("key", findings);

        Assert.Equal(3, stored.Findings.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(findings, StoredAudit.Read(stored.Findings));
        Assert.Empty(StoredAudit.Read(StoredAudit.Of("key", []).Findings));
    }

    [Theory]
    [InlineData("[{\"ruleId\": \"FUL009\"}]")]
    [InlineData("FUL009\twarning\t12\t5\tfile.yaml")]
    [InlineData("FUL009\twarning\ttwelve\t5\tfile.yaml\tmessage")]
    [InlineData("FUL009\twarning\t12\t5\tfile.yaml\tends in \\")]
    [InlineData("FUL009\twarning\t12\t5\tfile.yaml\tunknown \\x escape")]
    public void Text_that_was_not_written_by_it_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => StoredAudit.Read(text));
    }
}
