using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

/// <summary>The files under samples/ are documentation; they must stay loadable (and the invalid ones invalid).</summary>
public class SampleConfigTests
{
    private static readonly string Samples = RepoFiles.Find("samples");

    public static TheoryData<string> ValidSamples() => new(Directory.GetFiles(Samples, "*.yaml").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(ValidSamples))]
    public void Every_sample_loads_without_errors(string file)
    {
        var config = ConfigLoader.LoadFile(Path.Combine(Samples, file));

        Assert.NotEmpty(config.Clusters);
        Assert.NotEmpty(config.Routes);
    }

    [Fact]
    public void Main_sample_has_what_the_docs_promise()
    {
        var config = ConfigLoader.LoadFile(Path.Combine(Samples, "fulcrum.yaml"));

        Assert.Equal(2, config.Clusters.Count);
        Assert.All(config.Clusters, c => Assert.Equal(50, c.Health.Passive?.MaxEjectedPercent));
        Assert.All(config.Clusters, c => Assert.NotNull(c.Health.Active));
        Assert.All(config.Clusters, c => Assert.NotNull(c.SlowStart));
        Assert.Equal(3, config.Alerts.Escalation.Count);
        Assert.Equal(3, config.Alerts.Receivers.Count);
        Assert.Equal(Path.Combine(Samples, "fulcrum-journal.db"), config.Journal.Path);
    }

    [Theory]
    [InlineData("unknown-policy.yaml", "clusters.web.policy:6")]
    [InlineData("undefined-references.yaml", "routes[0].cluster:3", "alerts.escalation[0].notify[0]:10")]
    [InlineData("syntax-error.yaml", ":5")]
    [InlineData("duplicate-names.yaml", "routes[1].name:4", "clusters.web.destinations.a:9", "clusters.web:10")]
    [InlineData("bad-values.yaml", "listen[0]:2", "routes[0].match.path:4", "clusters.web.destinations.a.address:8",
        "clusters.web.destinations.a.weight:8", "clusters.web.destinations.b.capacity:9", "clusters.web.health.active.timeout:11",
        "clusters.web.health.passive.max-ejected-percent:12", "clusters.web.slow-start:13", "fairness.tolerance:14", "fairness.min-requests:14")]
    public void Invalid_samples_fail_with_the_expected_errors(string file, params string[] fieldAndLine)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.LoadFile(Path.Combine(Samples, "invalid", file)));

        Assert.Equal(fieldAndLine, ex.Errors.Select(e => $"{e.Field}:{e.Location.Line}"));
    }

    [Fact]
    public void Every_invalid_sample_is_covered_above()
    {
        var covered = new[] { "unknown-policy.yaml", "undefined-references.yaml", "syntax-error.yaml", "duplicate-names.yaml", "bad-values.yaml" };

        Assert.Equal(covered.Order(), Directory.GetFiles(Path.Combine(Samples, "invalid"), "*.yaml").Select(Path.GetFileName).Order());
    }
}
