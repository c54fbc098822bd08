namespace Fulcrum.Fleet;

/// <summary>Which store version this instance serves, and the last one it refused (with why): what it reports as drift.</summary>
internal sealed class FleetInstanceState
{
    private readonly Lock _lock = new();

    public FleetInstanceState(TimeProvider time)
    {
        StartedAt = time.GetUtcNow();
    }

    public DateTimeOffset StartedAt { get; }

    public long? Served { get; private set; }

    public long? Refused { get; private set; }

    public string? RefusedReason { get; private set; }

    public void OnServed(long version)
    {
        lock (_lock)
        {
            Served = version;
        }
    }

    public void OnRefused(long version, string reason)
    {
        lock (_lock)
        {
            Refused = version;
            RefusedReason = reason;
        }
    }

    /// <summary>True when <paramref name="version"/> was already served or refused (a refused version is not retried).</summary>
    public bool Handled(long version)
    {
        lock (_lock)
        {
            return Served == version || Refused == version;
        }
    }

    public (long? Served, long? Refused, string? Reason) Read()
    {
        lock (_lock)
        {
            return (Served, Refused, RefusedReason);
        }
    }
}
