using Fulcrum.Core.Config;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Receivers;

/// <summary>Turns the <c>alerts.receivers</c> section into receivers.</summary>
internal static class ReceiverFactory
{
    /// <summary>
    /// One receiver per config entry. <paramref name="http"/> is shared (use one long-lived HttpClient or one from
    /// IHttpClientFactory); per-attempt deadlines are the receivers' own, not HttpClient.Timeout.
    /// </summary>
    public static IReadOnlyList<IAlertReceiver> CreateAll(
        IEnumerable<ReceiverConfig> receivers,
        HttpClient http,
        TimeProvider time,
        ReceiverOptions? options = null,
        ILoggerFactory? loggers = null) =>
        receivers.Select(r => Create(r, http, time, options, loggers)).ToList();

    public static IAlertReceiver Create(
        ReceiverConfig config,
        HttpClient http,
        TimeProvider time,
        ReceiverOptions? options = null,
        ILoggerFactory? loggers = null)
    {
        if (config.Webhook is not null)
        {
            return new WebhookReceiver(config.Name, config.Webhook, http, time, options?.Timeout);
        }
        if (config.Alertmanager is not null)
        {
            return new AlertmanagerReceiver(config.Name, config.Alertmanager, http, time, options,
                loggers?.CreateLogger<AlertmanagerReceiver>());
        }
        // The config loader guarantees one of the two; this guards a hand-built record.
        throw new ArgumentException($"receiver '{config.Name}' has neither webhook nor alertmanager", nameof(config));
    }
}
