namespace Fulcrum.Core.Simulation;

internal enum SimEventKind : byte
{
    Arrival,
    Completion,
    Scenario,
}
