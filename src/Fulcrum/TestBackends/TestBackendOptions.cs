namespace Fulcrum.TestBackends;

/// <summary>
/// Shape of a test backend (DESIGN.md, <c>fulcrum backend</c>): each request takes <see cref="Latency"/> of service
/// time, at most <see cref="Concurrency"/> are served at once and the rest queue, a request arriving when
/// <see cref="Capacity"/> requests are already in the server (served + queued) gets 503 at once, and a fraction
/// <see cref="FailRate"/> of served requests answer 500.
/// </summary>
public sealed record TestBackendOptions
{
    public int Port { get; init; }
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>Body and X-Backend header; defaults to the port.</summary>
    public string? Name { get; init; }
    public TimeSpan Latency { get; init; } = TimeSpan.Zero;
    public int? Concurrency { get; init; }
    public int? Capacity { get; init; }
    public double FailRate { get; init; }
}
