namespace Fulcrum.Core.Simulation;

/// <summary>An open-loop arrival process at <see cref="Rate"/> requests per second.</summary>
public sealed record ArrivalProcess(ArrivalKind Kind, double Rate)
{
    public static ArrivalProcess Poisson(double rate) => new(ArrivalKind.Poisson, rate);

    public static ArrivalProcess FixedRate(double rate) => new(ArrivalKind.FixedRate, rate);

    /// <summary>Ticks until the next arrival (at least 1, so virtual time always moves).</summary>
    public long NextGapTicks(Random random)
    {
        var mean = TimeSpan.TicksPerSecond / Rate;
        var gap = Kind == ArrivalKind.Poisson ? -mean * Math.Log(1.0 - random.NextDouble()) : mean;
        return Math.Max(1, (long)Math.Round(gap));
    }
}
