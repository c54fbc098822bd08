using Fulcrum.Core.Config;
using static Fulcrum.Core.Tests.Config.ConfigTestHelper;

namespace Fulcrum.Core.Tests.Config;

/// <summary><c>clusters.*.peak-ewma</c>: read with its defaults, refused with another policy or out of range, with file positions.</summary>
public sealed class PeakEwmaSettingsConfigTests
{
    private const string OneDestination = "destinations: { a: { address: http://127.0.0.1:9001 } }";

    [Fact]
    public void Choices_and_parallelism_are_read()
    {
        var cluster = Load(WithCluster($"policy: peak-ewma\npeak-ewma: {{ choices: 3, parallelism: 16 }}\n{OneDestination}")).Clusters[0];

        Assert.Equal(new PeakEwmaConfig(3, 16), cluster.PeakEwma);
    }

    [Fact]
    public void Cost_is_read_and_defaults_to_load()
    {
        var cluster = Load(WithCluster($"policy: peak-ewma\npeak-ewma: {{ choices: 3, parallelism: 8, cost: expected-delay }}\n{OneDestination}")).Clusters[0];

        Assert.Equal(new PeakEwmaConfig(3, 8, PeakEwmaCost.ExpectedDelay), cluster.PeakEwma);
        Assert.Equal(PeakEwmaCost.Load, Load(WithCluster($"policy: peak-ewma\npeak-ewma: {{ parallelism: 8 }}\n{OneDestination}")).Clusters[0].PeakEwma.Cost);
    }

    [Fact]
    public void Left_out_they_are_finagles_two_choices_and_single_server_cost()
    {
        var cluster = Load(WithCluster($"policy: peak-ewma\n{OneDestination}")).Clusters[0];

        Assert.Equal(2, cluster.PeakEwma.Choices);
        Assert.Equal(1, cluster.PeakEwma.Parallelism);
        Assert.Equal(new PeakEwmaConfig(3, 1), Load(WithCluster($"policy: peak-ewma\npeak-ewma: {{ choices: 3 }}\n{OneDestination}")).Clusters[0].PeakEwma);
    }

    [Fact]
    public void With_another_policy_it_is_an_error_naming_the_policy()
    {
        var error = ErrorFor(WithCluster($"policy: least-requests\npeak-ewma: {{ choices: 3 }}\n{OneDestination}"), "clusters.web.peak-ewma");

        AssertError(error, 6, 5, "settings of policy peak-ewma", "the policy is least-requests");
    }

    [Theory]
    [InlineData("choices: 1", "clusters.web.peak-ewma.choices", "1 is too small")]
    [InlineData("choices: 17", "clusters.web.peak-ewma.choices", "17 is too large")]
    [InlineData("parallelism: 0", "clusters.web.peak-ewma.parallelism", "0 is too small")]
    [InlineData("parallelism: 2.5", "clusters.web.peak-ewma.parallelism", "not a whole number")]
    [InlineData("choice: 3", "clusters.web.peak-ewma.choice", "did you mean 'choices'")]
    [InlineData("cost: expected-delays", "clusters.web.peak-ewma.cost", "expected-delay")]
    public void Out_of_range_or_unknown_settings_are_located_errors(string setting, string field, string message)
    {
        var error = ErrorFor(WithCluster($"policy: peak-ewma\npeak-ewma: {{ {setting} }}\n{OneDestination}"), field);

        Assert.Equal(6, error.Location.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
