namespace Fulcrum.Core.Simulation;

/// <summary>
/// How long a destination takes to serve one request once a server is free. <see cref="Sigma"/> is used by
/// <see cref="ServiceTimeKind.LogNormal"/> only; the underlying normal's mu is chosen so the mean is <see cref="Mean"/>.
/// </summary>
public sealed record ServiceTime(ServiceTimeKind Kind, TimeSpan Mean, double Sigma = ServiceTime.DefaultSigma)
{
    /// <summary>A moderately heavy tail: p99 about 3× the median.</summary>
    public const double DefaultSigma = 0.5;

    public static ServiceTime Constant(TimeSpan mean) => new(ServiceTimeKind.Constant, mean);

    public static ServiceTime Exponential(TimeSpan mean) => new(ServiceTimeKind.Exponential, mean);

    public static ServiceTime LogNormal(TimeSpan mean, double sigma = DefaultSigma) => new(ServiceTimeKind.LogNormal, mean, sigma);

    /// <summary>Draws one service time in ticks, scaled by <paramref name="multiplier"/> (slow-down events); at least 1 tick.</summary>
    public long SampleTicks(Random random, double multiplier)
    {
        var mean = Mean.Ticks * multiplier;
        var value = Kind switch
        {
            ServiceTimeKind.Constant => mean,
            ServiceTimeKind.Exponential => -mean * Math.Log(1.0 - random.NextDouble()),
            ServiceTimeKind.LogNormal => mean * Math.Exp(Sigma * StandardNormal(random) - Sigma * Sigma / 2),
            _ => mean,
        };
        return Math.Max(1, (long)Math.Round(value));
    }

    public override string ToString() => Kind switch
    {
        ServiceTimeKind.LogNormal => $"lognormal {Mean.TotalMilliseconds}ms sigma {Sigma}",
        _ => $"{Kind.ToString().ToLowerInvariant()} {Mean.TotalMilliseconds}ms",
    };

    /// <summary>Box–Muller; one of the pair is discarded so each draw consumes a fixed amount of randomness.</summary>
    private static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
