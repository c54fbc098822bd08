namespace Fulcrum.Receivers;

/// <summary>Tuning of <see cref="NotificationDispatcher"/>.</summary>
internal sealed record DispatcherOptions
{
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>Notifications waiting per receiver; beyond it new ones are refused and journaled as failed.</summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>How long disposing waits for queued notifications before cutting retries short.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
