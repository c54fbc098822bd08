using System.Text.Json;
using Fulcrum.Core.Audit.Formatting;

namespace Fulcrum.Core.Tests.Audit.Formatting;

public class JsonFormatterTests
{
    [Fact]
    public void Writes_findings_and_summary_in_the_stable_camel_case_shape()
    {
        using var json = JsonDocument.Parse(AuditFormatters.Json(FormatterReports.TwoClusters()));
        var root = json.RootElement;

        Assert.Equal(["file", "findings", "summary", "comparison", "splits"], root.EnumerateObject().Select(p => p.Name));
        var first = root.GetProperty("findings")[0];
        Assert.Equal(
            ["ruleId", "severity", "message", "file", "line", "column", "cluster", "destination"],
            first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("FUL001", first.GetProperty("ruleId").GetString());
        Assert.Equal("error", first.GetProperty("severity").GetString());
        Assert.Equal("conf/fulcrum.yaml", first.GetProperty("file").GetString());
        Assert.Equal(12, first.GetProperty("line").GetInt32());
        Assert.Equal(20, first.GetProperty("column").GetInt32());
        Assert.Equal("b", first.GetProperty("destination").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("findings")[3].GetProperty("cluster").ValueKind);
        Assert.Equal(4, root.GetProperty("findings").GetArrayLength());

        var summary = root.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("errors").GetInt32());
        Assert.Equal(2, summary.GetProperty("warnings").GetInt32());
        Assert.Equal(1, summary.GetProperty("infos").GetInt32());
        Assert.Equal(4, summary.GetProperty("total").GetInt32());
        Assert.Equal(1, summary.GetProperty("exitCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("comparison").ValueKind);
    }

    [Fact]
    public void Writes_the_predicted_split_of_every_cluster()
    {
        var report = FormatterReports.TwoClusters() with { Splits = FormatterReports.Splits() };

        using var json = JsonDocument.Parse(AuditFormatters.Json(report));
        var split = json.RootElement.GetProperty("splits")[0];

        Assert.Equal("web", split.GetProperty("cluster").GetString());
        Assert.Equal("first-available", split.GetProperty("policy").GetString());
        var a = split.GetProperty("destinations")[0];
        Assert.Equal(["destination", "weight", "weightShare", "predictedShare"], a.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.3333, a.GetProperty("weightShare").GetDouble());
        Assert.Equal(1.0, a.GetProperty("predictedShare").GetDouble());
        Assert.Equal(JsonValueKind.Null, split.GetProperty("destinations")[2].GetProperty("predictedShare").ValueKind);
    }

    [Fact]
    public void Writes_the_share_comparison_with_nulls_for_added_and_removed()
    {
        var report = FormatterReports.TwoClusters() with { Comparison = FormatterReports.Comparison() };

        using var json = JsonDocument.Parse(AuditFormatters.Json(report));

        var web = json.RootElement.GetProperty("comparison").GetProperty("clusters")[0];
        Assert.Equal("changed", web.GetProperty("change").GetString());
        var destinations = web.GetProperty("destinations");
        Assert.Equal(0.3333, destinations[0].GetProperty("oldShare").GetDouble());
        Assert.Equal(0.62, destinations[1].GetProperty("newShare").GetDouble());
        Assert.Equal("added", destinations[2].GetProperty("change").GetString());
        Assert.Equal(JsonValueKind.Null, destinations[2].GetProperty("oldShare").ValueKind);
        Assert.Equal("removed", destinations[3].GetProperty("change").GetString());
        Assert.Equal(JsonValueKind.Null, destinations[3].GetProperty("newShare").ValueKind);
    }
}
