using System.Globalization;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// A timed change to one destination, <see cref="At"/> after the simulation starts. <see cref="Multiplier"/>
/// is for <see cref="ScenarioEventKind.Slowdown"/>; <see cref="Weight"/>, <see cref="Capacity"/> and
/// <see cref="Behavior"/> for <see cref="ScenarioEventKind.Add"/> (weight also for <see cref="ScenarioEventKind.SetWeight"/>).
/// </summary>
public sealed record ScenarioEvent(TimeSpan At, string Destination, ScenarioEventKind Kind)
{
    public double Multiplier { get; init; } = 1.0;

    public int Weight { get; init; } = 1;

    public double? Capacity { get; init; }

    public DestinationBehavior? Behavior { get; init; }

    public static ScenarioEvent Slowdown(TimeSpan at, string destination, double multiplier) =>
        new(at, destination, ScenarioEventKind.Slowdown) { Multiplier = multiplier };

    public static ScenarioEvent Fail(TimeSpan at, string destination) => new(at, destination, ScenarioEventKind.Fail);

    public static ScenarioEvent Recover(TimeSpan at, string destination) => new(at, destination, ScenarioEventKind.Recover);

    public static ScenarioEvent Remove(TimeSpan at, string destination) => new(at, destination, ScenarioEventKind.Remove);

    public static ScenarioEvent Add(TimeSpan at, string destination, int weight = 1, DestinationBehavior? behavior = null, double? capacity = null) =>
        new(at, destination, ScenarioEventKind.Add) { Weight = weight, Behavior = behavior, Capacity = capacity };

    public static ScenarioEvent SetWeight(TimeSpan at, string destination, int weight) =>
        new(at, destination, ScenarioEventKind.SetWeight) { Weight = weight };

    public override string ToString()
    {
        var at = At.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        return Kind switch
        {
            ScenarioEventKind.Slowdown => string.Create(CultureInfo.InvariantCulture, $"at {at}: {Destination} slows down ×{Multiplier}"),
            ScenarioEventKind.Add => $"at {at}: {Destination} added (weight {Weight})",
            ScenarioEventKind.SetWeight => $"at {at}: {Destination} weight set to {Weight}",
            ScenarioEventKind.Fail => $"at {at}: {Destination} fails (connections refused)",
            ScenarioEventKind.Recover => $"at {at}: {Destination} recovers",
            _ => $"at {at}: {Destination} removed",
        };
    }
}
