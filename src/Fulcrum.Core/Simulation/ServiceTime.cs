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
        var first = Kind == ServiceTimeKind.Constant ? default : ServiceDraw.From(random);
        var second = Kind == ServiceTimeKind.LogNormal ? random.NextDouble() : 0;
        return Ticks(multiplier, first.LogComplement, second);
    }

    /// <summary><see cref="SampleTicks(Random, double)"/> from a stream drawn ahead: the same draws in the same order, the same value.</summary>
    internal long SampleTicks(DrawFeed<ServiceDraw> draws, double multiplier)
    {
        var first = Kind == ServiceTimeKind.Constant ? 0 : draws.Next().LogComplement;
        var second = Kind == ServiceTimeKind.LogNormal ? draws.Next().Uniform : 0;
        return Ticks(multiplier, first, second);
    }

    /// <param name="logComplement">ln(1 − u) of the first uniform draw (an exponential's, or Box–Muller's radius).</param>
    /// <param name="uniform">The second uniform draw (Box–Muller's angle; one of the pair is discarded, so each draw consumes a fixed amount of randomness).</param>
    private long Ticks(double multiplier, double logComplement, double uniform)
    {
        var mean = Mean.Ticks * multiplier;
        var value = Kind switch
        {
            ServiceTimeKind.Exponential => -mean * logComplement,
            ServiceTimeKind.LogNormal => mean * Math.Exp(Sigma * (Math.Sqrt(-2.0 * logComplement) * Math.Cos(2.0 * Math.PI * uniform)) - Sigma * Sigma / 2),
            _ => mean,
        };
        return Math.Max(1, (long)Math.Round(value));
    }

    public override string ToString() => Kind switch
    {
        ServiceTimeKind.LogNormal => $"lognormal {Mean.TotalMilliseconds}ms sigma {Sigma}",
        _ => $"{Kind.ToString().ToLowerInvariant()} {Mean.TotalMilliseconds}ms",
    };
}
