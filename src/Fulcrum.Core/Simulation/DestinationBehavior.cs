namespace Fulcrum.Core.Simulation;

/// <summary>
/// How a simulated destination behaves, shaped like `fulcrum backend`: <see cref="Concurrency"/> servers
/// (null: unlimited) each serving one request for a <see cref="ServiceTime"/>; requests beyond them wait in a
/// queue of at most <see cref="QueueLimit"/> (null: unbounded; 0: a 503 at once beyond capacity). A fraction
/// <see cref="ErrorRate"/> of requests are fast 500s that take <see cref="ErrorTime"/> of a server instead.
/// </summary>
public sealed record DestinationBehavior
{
    /// <summary>The fallback when nothing is declared: 10 ms exponential service, 10 servers (1000 req/s).</summary>
    public static DestinationBehavior Default { get; } = new();

    public ServiceTime ServiceTime { get; init; } = ServiceTime.Exponential(TimeSpan.FromMilliseconds(10));

    public int? Concurrency { get; init; } = 10;

    public int? QueueLimit { get; init; }

    public double ErrorRate { get; init; }

    public TimeSpan ErrorTime { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Requests per second it can sustain: servers over mean service time (null when unlimited).</summary>
    public double? Throughput => Concurrency is { } k && ServiceTime.Mean > TimeSpan.Zero
        ? k / ServiceTime.Mean.TotalSeconds
        : null;

    /// <summary>Behavior that sustains <paramref name="capacity"/> req/s with <paramref name="concurrency"/> servers.</summary>
    public static DestinationBehavior ForCapacity(double capacity, int concurrency = 10) => new()
    {
        Concurrency = concurrency,
        ServiceTime = ServiceTime.Exponential(TimeSpan.FromSeconds(concurrency / capacity)),
    };
}
