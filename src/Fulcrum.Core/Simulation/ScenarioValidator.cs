namespace Fulcrum.Core.Simulation;

/// <summary>Checks a scenario before a run, so a bad one fails with a clear message instead of a broken loop.</summary>
internal static class ScenarioValidator
{
    public static void ThrowIfInvalid(SimulationScenario scenario)
    {
        var problems = Problems(scenario);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid simulation scenario for cluster '{scenario.Cluster.Name}': " + string.Join("; ", problems));
        }
    }

    public static List<string> Problems(SimulationScenario scenario)
    {
        var problems = new List<string>();
        if (!(scenario.Arrivals.Rate > 0) || double.IsInfinity(scenario.Arrivals.Rate))
        {
            problems.Add($"arrival rate must be a positive number of requests per second, not {scenario.Arrivals.Rate}");
        }
        if (scenario.Requests < 0)
        {
            problems.Add($"requests must be 0 (no limit) or more, not {scenario.Requests}");
        }
        if (scenario.Requests == 0 && scenario.Duration is null)
        {
            problems.Add("give a number of requests or a duration, or the run never ends");
        }
        if (scenario.Duration is { } duration && duration <= TimeSpan.Zero)
        {
            problems.Add($"duration must be positive, not {duration}");
        }
        if (scenario.Keys.Kind != KeyDistributionKind.None && scenario.Keys.Count < 1)
        {
            problems.Add($"a key distribution needs at least 1 key, not {scenario.Keys.Count}");
        }
        CheckBehavior(scenario.DefaultBehavior, "default behavior", problems);
        foreach (var (name, behavior) in scenario.Behaviors)
        {
            CheckBehavior(behavior, $"behavior of '{name}'", problems);
        }
        problems.AddRange(EventProblems(scenario).Select(p => p.Message));
        return problems;
    }

    private static void CheckBehavior(DestinationBehavior behavior, string what, List<string> problems)
    {
        if (behavior.Concurrency is < 1)
        {
            problems.Add($"{what}: concurrency must be at least 1, not {behavior.Concurrency}");
        }
        if (behavior.QueueLimit is < 0)
        {
            problems.Add($"{what}: queue limit must be 0 or more, not {behavior.QueueLimit}");
        }
        if (behavior.ErrorRate is < 0 or > 1 || double.IsNaN(behavior.ErrorRate))
        {
            problems.Add($"{what}: error rate must be between 0 and 1, not {behavior.ErrorRate}");
        }
        if (behavior.ServiceTime.Mean < TimeSpan.Zero || behavior.ErrorTime < TimeSpan.Zero)
        {
            problems.Add($"{what}: service and error times must not be negative");
        }
    }

    /// <summary>
    /// Replays the events' effect on the set of destinations, so each names one that exists by then.
    /// Each problem carries the index of its event in <see cref="SimulationScenario.Events"/>.
    /// </summary>
    public static List<(int Index, string Message)> EventProblems(SimulationScenario scenario)
    {
        var problems = new List<(int Index, string Message)>();
        var present = new HashSet<string>(scenario.Cluster.Destinations.Select(d => d.Name), StringComparer.Ordinal);
        foreach (var (change, index) in scenario.Events.Select((e, i) => (e, i)).OrderBy(p => p.e.At))
        {
            var exists = present.Contains(change.Destination);
            if (change.At < TimeSpan.Zero)
            {
                problems.Add((index, $"{change}: the time must not be negative"));
            }
            if (change.Kind == ScenarioEventKind.Add)
            {
                if (exists)
                {
                    problems.Add((index, $"{change}: '{change.Destination}' is already in the cluster"));
                }
                present.Add(change.Destination);
            }
            else if (!exists)
            {
                problems.Add((index, $"{change}: no destination '{change.Destination}' in the cluster at that time"));
            }
            else if (change.Kind == ScenarioEventKind.Remove)
            {
                present.Remove(change.Destination);
            }
            if (change.Kind is ScenarioEventKind.Add or ScenarioEventKind.SetWeight && change.Weight < 0)
            {
                problems.Add((index, $"{change}: weight must be 0 or more"));
            }
            if (change.Kind == ScenarioEventKind.Slowdown && !(change.Multiplier > 0))
            {
                problems.Add((index, $"{change}: the slowdown multiplier must be positive"));
            }
        }
        return problems;
    }
}
