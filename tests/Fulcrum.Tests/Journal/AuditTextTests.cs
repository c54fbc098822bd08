using Fulcrum.Core.Audit;
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
        Assert.Equal(findings, AuditText.Read(stored).Findings);
        Assert.Empty(AuditText.Read(stored).Predictions);
        Assert.Empty(AuditText.Read(AuditText.Write([])).Findings);
    }

    [Fact]
    public void Predictions_read_back_exactly_after_the_findings()
    {
        AuditIssue[] findings = [new("FUL009", "warning", "cluster web has no health check", new SourceLocation("f.yaml", 3, 1))];
        SharePrediction[] predictions =
        [
            new("web", 20_000, 123.45678901234567,
            [
                new("a\tb", 1 / 3.0, 0.1 + 0.2, 2.7182818284590451, 3, TimeSpan.FromTicks(12_345), TimeSpan.FromMilliseconds(5), TimeSpan.FromTicks(987_654_321)),
                new("c", 2 / 3.0, null),
            ]),
            new("api", 10, null, [new("only", 1, null)]),
        ];

        var (readFindings, readPredictions) = AuditText.Read(AuditText.Write(findings, predictions));

        Assert.Equal(findings, readFindings);
        Assert.Equal(predictions.Length, readPredictions.Count);
        for (var i = 0; i < predictions.Length; i++)
        {
            // Records compare their destination lists by reference: compare the parts.
            Assert.Equal(predictions[i] with { Destinations = [] }, readPredictions[i] with { Destinations = [] });
            Assert.Equal(predictions[i].Destinations, readPredictions[i].Destinations);
        }
    }

    [Theory]
    [InlineData("[{\"ruleId\": \"FUL009\"}]")]
    [InlineData("FUL009\twarning\t12\t5\tfile.yaml")]
    [InlineData("FUL009\twarning\ttwelve\t5\tfile.yaml\tmessage")]
    [InlineData("FUL009\twarning\t12\t5\tfile.yaml\tends in \\")]
    [InlineData("FUL009\twarning\t12\t5\tfile.yaml\tunknown \\x escape")]
    [InlineData("~share\tweb\t100\t\ta\t0.5\t\t\t0\t\t")]
    [InlineData("~share\tweb\tmany\t\ta\t0.5\t\t\t0\t\t\t")]
    public void Text_that_was_not_written_by_it_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => AuditText.Read(text));
    }
}
