using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Retries;
using Fulcrum.Core.Tests.Balancing;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Retries;

/// <summary>A retry never returns to a tried destination while another eligible one exists, under every policy.</summary>
public class RetryPickTests
{
    public static TheoryData<PolicyKind> AllPolicies() => new(Enum.GetValues<PolicyKind>());

    [Theory]
    [MemberData(nameof(AllPolicies))]
    public void A_retry_goes_to_a_destination_not_tried_yet(PolicyKind policy)
    {
        var balancer = new ClusterBalancer(TestBackends.Cluster(policy, [5, 1, 1]), new FakeTimeProvider(), new Random(3));
        var context = new PickContext(balancer.NowTicks(), KeyHash: 42, HasKey: true);
        for (var i = 0; i < 300; i++)
        {
            var first = balancer.Pick(context)!;
            var second = RetryPick.Choose(balancer, context, [first])!;
            var third = RetryPick.Choose(balancer, context, [first, second])!;
            Assert.NotSame(first, second);
            Assert.NotSame(first, third);
            Assert.NotSame(second, third);
        }
        var all = balancer.Backends.ToArray<Backend?>();
        Assert.Null(RetryPick.Choose(balancer, context, all));
    }
}
