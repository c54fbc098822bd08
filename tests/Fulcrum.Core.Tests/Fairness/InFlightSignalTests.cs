using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Tests.Fairness;

public sealed class InFlightSignalTests
{
    private static MonitorFixture LeastRequests() =>
        new(PolicyKind.LeastRequests, [("a", 1, null), ("b", 1, null), ("c", 1, null)]);

    private static void Hold(MonitorFixture fixture, string destination, int inFlight)
    {
        for (var i = 0; i < inFlight; i++)
        {
            fixture[destination].RequestStarted();
        }
    }

    [Fact]
    public void Load_aware_policy_with_uneven_in_flight_per_weight_is_an_in_flight_skew()
    {
        var fixture = LeastRequests();
        Hold(fixture, "a", 6);
        Hold(fixture, "b", 2);
        Hold(fixture, "c", 2);
        fixture.SendOver(5, ("a", 300), ("b", 300), ("c", 300));

        var snapshot = fixture.Snapshot();

        Assert.Equal(SkewSignal.InFlight, snapshot.Verdict.Signal);
        Assert.Equal("a", snapshot.Verdict.Destination);
        Assert.Equal(0.8, snapshot.Verdict.Deviation, 1e-9); // 6 against a mean of 10/3
        Assert.Equal(6, snapshot.Find("a")!.AverageInFlight!.Value, 1e-9);
        Assert.Contains("least-requests", snapshot.Verdict.Summary);
    }

    [Fact]
    public void Load_aware_policy_giving_a_slow_backend_fewer_requests_at_even_in_flight_is_balanced()
    {
        var fixture = LeastRequests();
        Hold(fixture, "a", 3);
        Hold(fixture, "b", 3);
        Hold(fixture, "c", 3);
        fixture.SendOver(5, ("a", 100), ("b", 400), ("c", 400));

        Assert.Equal(VerdictKind.Balanced, fixture.Snapshot().Verdict.Kind);
    }

    [Fact]
    public void Low_in_flight_is_not_judged()
    {
        var fixture = LeastRequests();
        Hold(fixture, "a", 1);
        fixture.SendOver(5, ("a", 300), ("b", 300), ("c", 300));

        Assert.Equal(VerdictKind.Balanced, fixture.Snapshot().Verdict.Kind);
    }
}
