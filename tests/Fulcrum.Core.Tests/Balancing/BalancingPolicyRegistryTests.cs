using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Balancing;

public sealed class BalancingPolicyRegistryTests
{
    private static readonly Func<ClusterConfig, Random, IPicker> AnyPicker = (_, random) => new RoundRobinPicker(random);

    [Fact]
    public void Built_ins_are_registered_under_their_YARP_names_and_found_without_case()
    {
        var registry = BalancingPolicyRegistry.BuiltIn;

        Assert.Equal(Enum.GetValues<PolicyKind>().Select(k => "Fulcrum." + k), registry.Names);
        Assert.True(registry.TryGet("fulcrum.PEAKEWMA", out var policy));
        Assert.Equal("Fulcrum.PeakEwma", policy.Name);
        Assert.Equal(PolicyKind.PeakEwma, policy.JudgedAs);
        Assert.True(policy.IsBuiltIn);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Fulcrum.Nope")]
    [InlineData("RoundRobin")]
    [InlineData("Fulcrum.")]
    public void Unknown_names_are_not_found(string? name) => Assert.False(BalancingPolicyRegistry.BuiltIn.TryGet(name, out _));

    [Fact]
    public void An_app_policy_is_found_beside_the_built_ins_and_defaults_to_the_weights_promise()
    {
        var registry = new BalancingPolicyRegistry([.. BuiltInPolicies.All, new BalancingPolicy("Fulcrum.Mine", AnyPicker)]);

        Assert.True(registry.TryGet("FULCRUM.MINE", out var mine));
        Assert.Equal(PolicyKind.RoundRobin, mine.JudgedAs);
        Assert.False(mine.IsBuiltIn);
        Assert.Equal("Fulcrum.Mine", registry.Names.Last());
    }

    [Theory]
    [InlineData("Fulcrum.RoundRobin")]
    [InlineData("fulcrum.roundrobin")]
    public void A_name_registered_twice_without_case_is_refused_naming_both(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => new BalancingPolicyRegistry([.. BuiltInPolicies.All, new BalancingPolicy(name, AnyPicker)]));

        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.Contains("built-in", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MyPolicy")]
    [InlineData("Fulcrum.")]
    [InlineData("Fulcrum.My Policy")]
    [InlineData("RoundRobin")]
    public void Names_must_start_with_the_prefix_and_use_plain_characters(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => new BalancingPolicy(name, AnyPicker));

        Assert.Contains("Fulcrum.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_with_a_custom_policy_gets_its_picker_and_keeps_its_name()
    {
        var custom = new BalancingPolicy("Fulcrum.Mine", (_, _) => new FirstAvailablePicker(), PolicyKind.FirstAvailable);
        var cluster = new ClusterConfig
        {
            Name = "web",
            Policy = custom.JudgedAs,
            CustomPolicy = custom,
            Destinations = [new DestinationConfig("a", new Uri("http://127.0.0.1:1")), new DestinationConfig("b", new Uri("http://127.0.0.1:2"))],
        };

        var balancer = new ClusterBalancer(cluster, TimeProvider.System, new Random(1));

        Assert.IsType<FirstAvailablePicker>(balancer.Picker);
        Assert.Equal("Fulcrum.Mine", cluster.PolicyName);
        Assert.Equal("first-available", cluster with { CustomPolicy = null } is var builtIn ? builtIn.PolicyName : "");
    }

    [Fact]
    public void A_factory_that_returns_nothing_is_reported_with_the_policy_and_cluster()
    {
        var broken = new BalancingPolicy("Fulcrum.Broken", (_, _) => null!);
        var cluster = new ClusterConfig { Name = "web", Destinations = [] };

        var e = Assert.Throws<InvalidOperationException>(() => broken.CreatePicker(cluster, new Random(1)));

        Assert.Contains("Fulcrum.Broken", e.Message, StringComparison.Ordinal);
        Assert.Contains("web", e.Message, StringComparison.Ordinal);
    }
}
