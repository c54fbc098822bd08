namespace Fulcrum.Core.Simulation;

/// <summary>
/// Runs simulations: the real balancer of a cluster driven in virtual time by a discrete-event loop.
/// Deterministic — the same scenario (seed included) always gives the same result.
/// </summary>
public static class Simulator
{
    /// <summary>Runs <paramref name="scenario"/>; <paramref name="observer"/> (optional) sees every arrival.</summary>
    /// <exception cref="ArgumentException">The scenario is inconsistent (the message says how).</exception>
    public static SimulationResult Run(SimulationScenario scenario, ISimulationObserver? observer = null) =>
        new SimulationRun(scenario, observer).Run();
}
