namespace Fulcrum.Core.Simulation;

internal enum SimEventKind : byte
{
    Arrival,
    Completion,
    Scenario,
    /// <summary>The observer's periodic tick (<see cref="ISimulationObserver.TickInterval"/>).</summary>
    Tick,
    /// <summary>A request's <c>timeouts.request</c> ran out (ignored when it was answered before).</summary>
    Timeout,
}
