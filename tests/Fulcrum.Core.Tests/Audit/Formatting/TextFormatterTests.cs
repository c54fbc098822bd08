using Fulcrum.Core.Audit.Formatting;

namespace Fulcrum.Core.Tests.Audit.Formatting;

public class TextFormatterTests
{
    [Fact]
    public void Groups_by_cluster_in_file_order_with_general_findings_last()
    {
        var text = AuditFormatters.Text(FormatterReports.TwoClusters());

        Assert.Equal(
            """
            cluster web
              conf/fulcrum.yaml:12:20: error FUL001: dup

            cluster api
              conf/fulcrum.yaml:20:3: warning FUL009: no health
              conf/fulcrum.yaml:22:5: info FUL013: single

            general
              conf/fulcrum.yaml:30:14: warning FUL018: loose

            conf/fulcrum.yaml: 1 error, 2 warnings, 1 info

            """.ReplaceLineEndings("\n"),
            text);
        Assert.DoesNotContain("\u001b[", text);
    }

    [Fact]
    public void Groups_by_file_when_asked()
    {
        var text = AuditFormatters.Text(FormatterReports.TwoClusters(), new TextFormatOptions(TextGrouping.File));

        Assert.StartsWith("conf/fulcrum.yaml\n  conf/fulcrum.yaml:12:20: error FUL001: dup\n  conf/fulcrum.yaml:20:3: warning FUL009", text);
    }

    [Fact]
    public void Colors_severities_only_when_asked()
    {
        var text = AuditFormatters.Text(FormatterReports.TwoClusters(), new TextFormatOptions(Color: true));

        Assert.Contains("\u001b[31merror FUL001\u001b[0m", text);
        Assert.Contains("\u001b[33mwarning FUL009\u001b[0m", text);
        Assert.Contains("\u001b[36minfo FUL013\u001b[0m", text);
    }

    [Fact]
    public void Lists_share_changes_against_an_old_config()
    {
        var report = FormatterReports.TwoClusters() with { Comparison = FormatterReports.Comparison() };

        var text = AuditFormatters.Text(report);

        Assert.Contains("predicted shares, old.yaml → conf/fulcrum.yaml\n  web: a: 33 % → 20 %, b: 33 % → 62 %, d: added, 18 %, c: removed, was 33 %\n", text);
        Assert.DoesNotContain("api: x", text);
    }

    [Fact]
    public void Shows_the_predicted_split_of_every_cluster_as_a_table()
    {
        var report = FormatterReports.TwoClusters() with { Findings = [], Splits = FormatterReports.Splits() };

        Assert.Equal(
            """
            predicted split
              cluster web (first-available)
                destination  weight  predicted
                a              33 %      100 %
                b              33 %        0 %
                canary-east    33 %        n/a

            conf/fulcrum.yaml: no findings

            """.ReplaceLineEndings("\n"),
            AuditFormatters.Text(report));
    }

    [Fact]
    public void Says_so_when_there_is_nothing_to_report()
    {
        var report = FormatterReports.TwoClusters() with { Findings = [] };

        Assert.Equal("conf/fulcrum.yaml: no findings\n", AuditFormatters.Text(report));
    }

    [Fact]
    public void Lists_the_rule_catalog_one_line_per_rule()
    {
        var lines = AuditFormatters.Rules().TrimEnd('\n').Split('\n');

        Assert.Equal(Core.Audit.RuleCatalog.All.Count, lines.Length);
        Assert.Equal("FUL001  error    Two destinations of a cluster have the same address (docs/rules/FUL001.md)", lines[0]);
        Assert.StartsWith("FUL013  info     Cluster with a single destination", lines[12]);
    }
}
