namespace Fulcrum.Receivers;

/// <summary>Tuning of the HTTP receivers; the defaults suit a real Alertmanager and ordinary webhooks.</summary>
internal sealed record ReceiverOptions
{
    /// <summary>Deadline of one POST (webhook and Alertmanager).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Alertmanager only: how often active alerts are posted again. Alertmanager forgets an alert at its endsAt, so like Prometheus we
    /// send active alerts with endsAt = now + 4 × this and repeat; if Fulcrum dies they resolve on their own.
    /// </summary>
    public TimeSpan ResendInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Alertmanager only: the <c>instance</c> label; the machine name by default.</summary>
    public string Instance { get; init; } = Environment.MachineName;
}
