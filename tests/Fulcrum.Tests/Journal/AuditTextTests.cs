using Fulcrum.Core.Config;
using Fulcrum.Hosting;
using Fulcrum.Operations;

namespace Fulcrum.Tests.Journal;

/// <summary>The text form of a journaled audit: what is written reads back the same, and anything else is refused.</summary>
public sealed class AuditTextTests
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

        var stored = AuditText.Write(findings);

        Assert.Equal(3, stored.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(findings, AuditText.Read(stored));
        Assert.Empty(AuditText.Read(AuditText.Write([])));
    }

    [Theory]
    [InlineData("[{\"ruleId\": \"FUL009\"}]")]
    [InlineData("FUL009\twarning\t12\t5\tfile.yaml")]
    [InlineData("FUL009\twarning\ttwelve\t5\tfile.yaml\tmessage")]
    [InlineData("FUL009\twarning\t12\t5\tfile.yaml\tends in \\")]
    [InlineData("FUL009\twarning\t12\t5\tfile.yaml\tunknown \\x escape")]
    public void Text_that_was_not_written_by_it_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => AuditText.Read(text));
    }
}
