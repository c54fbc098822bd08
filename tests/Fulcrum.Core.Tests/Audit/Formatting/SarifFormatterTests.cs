using System.Text.Json;
using Fulcrum.Core.Audit;
using Fulcrum.Core.Audit.Formatting;

namespace Fulcrum.Core.Tests.Audit.Formatting;

public class SarifFormatterTests
{
    private static JsonElement Run(string sourceRoot = "/repo")
    {
        var sarif = AuditFormatters.Sarif(FormatterReports.TwoClusters(), new SarifFormatOptions(SourceRoot: sourceRoot));
        return JsonDocument.Parse(sarif).RootElement.Clone();
    }

    [Fact]
    public void Declares_sarif_2_1_0_and_the_whole_rule_catalog()
    {
        var sarif = JsonDocument.Parse(AuditFormatters.Sarif(FormatterReports.TwoClusters(), new SarifFormatOptions("/repo"))).RootElement;

        Assert.Equal("2.1.0", sarif.GetProperty("version").GetString());
        Assert.Contains("sarif-2.1.0", sarif.GetProperty("$schema").GetString());
        var driver = sarif.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver");
        Assert.Equal("fulcrum", driver.GetProperty("name").GetString());
        Assert.StartsWith("https://", driver.GetProperty("informationUri").GetString());
        var rules = driver.GetProperty("rules");
        Assert.Equal(RuleCatalog.All.Count, rules.GetArrayLength());
        Assert.Equal("warning", rules[20].GetProperty("defaultConfiguration").GetProperty("level").GetString());
        var ful020 = rules[19];
        Assert.Equal("FUL020", ful020.GetProperty("id").GetString());
        Assert.Equal("SimulatedLoadPastCapacity", ful020.GetProperty("name").GetString());
        Assert.EndsWith(".", ful020.GetProperty("shortDescription").GetProperty("text").GetString());
        Assert.False(string.IsNullOrEmpty(ful020.GetProperty("fullDescription").GetProperty("text").GetString()));
        Assert.EndsWith("/docs/rules/FUL020.md", ful020.GetProperty("helpUri").GetString());
        Assert.Equal("error", ful020.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        Assert.Equal("note", rules[12].GetProperty("defaultConfiguration").GetProperty("level").GetString());
    }

    [Fact]
    public void Writes_each_finding_as_a_result_at_a_repository_relative_location()
    {
        var results = Run().GetProperty("runs")[0].GetProperty("results");

        Assert.Equal(4, results.GetArrayLength());
        var first = results[0];
        Assert.Equal("FUL001", first.GetProperty("ruleId").GetString());
        Assert.Equal(0, first.GetProperty("ruleIndex").GetInt32());
        Assert.Equal("error", first.GetProperty("level").GetString());
        Assert.Equal("dup.", first.GetProperty("message").GetProperty("text").GetString());
        var location = first.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("conf/fulcrum.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(12, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(20, location.GetProperty("region").GetProperty("startColumn").GetInt32());
        Assert.Equal(12, results[2].GetProperty("ruleIndex").GetInt32());
        Assert.Equal("note", results[2].GetProperty("level").GetString());
    }

    [Fact]
    public void Names_the_source_root_and_escapes_or_absolutizes_paths()
    {
        var run = Run("/repo").GetProperty("runs")[0];
        Assert.Equal("file:///repo/", run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString());

        Assert.Equal(("deploy/my%20config.yaml", true), SarifFormatter.ArtifactUri("/repo/deploy/my config.yaml", "/repo"));
        Assert.Equal(("fulcrum.yaml", true), SarifFormatter.ArtifactUri("fulcrum.yaml", "/repo"));
        Assert.Equal(("file:///etc/fulcrum.yaml", false), SarifFormatter.ArtifactUri("/etc/fulcrum.yaml", "/repo"));
    }
}
