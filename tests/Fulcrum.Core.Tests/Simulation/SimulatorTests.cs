using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;
using Xunit.Abstractions;

namespace Fulcrum.Core.Tests.Simulation;

public sealed class SimulatorTests(ITestOutputHelper output)
{
    [Fact]
    public void Round_robin_gives_each_destination_its_weighted_share()
    {
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 3), ("b", 1)),
            Arrivals = ArrivalProcess.Poisson(1000),
            Requests = 40_000,
        };

        var result = Simulator.Run(scenario);
        output.WriteLine(SimulationReport.Format(result));

        Assert.Equal(40_000, result.Requests);
        Assert.Equal(30_000, result["a"].Requests);
        Assert.Equal(10_000, result["b"].Requests);
        Assert.Equal(0.75, result["a"].ExpectedShare, 6);
        Assert.Equal(0.75, result["a"].Share, 6);
        Assert.Equal(0, result.Errors);
    }
}
