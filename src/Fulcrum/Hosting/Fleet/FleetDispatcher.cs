using Fulcrum.Core.Config;
using Fulcrum.Journal;
using Fulcrum.Receivers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Fleet;

/// <summary>
/// The receivers of a fleet instance, used only while it leads the fleet's alert evaluation. An instance's own
/// dispatcher has no receivers in a fleet (its local alerts are journaled and shown, not paged): otherwise every
/// instance would page for the same incident.
/// </summary>
internal sealed class FleetDispatcher(NotificationDispatcher dispatcher) : IAsyncDisposable
{
    public NotificationDispatcher Dispatcher { get; } = dispatcher;

    public static FleetDispatcher Create(IServiceProvider services, IReadOnlyList<ReceiverConfig> receivers)
    {
        var time = services.GetRequiredService<TimeProvider>();
        return new FleetDispatcher(new NotificationDispatcher(
            ReceiverFactory.CreateAll(receivers,
                services.GetRequiredService<IHttpClientFactory>().CreateClient(FulcrumReverseProxyBuilderExtensions.ReceiverHttpClient),
                time, loggers: services.GetRequiredService<ILoggerFactory>()),
            services.GetRequiredService<EventJournal>(), time,
            logger: services.GetRequiredService<ILogger<NotificationDispatcher>>()));
    }

    /// <summary>The instance-local dispatcher of a fleet instance: journals nothing to nobody.</summary>
    public static NotificationDispatcher Quiet(IServiceProvider services) => new(
        [], services.GetRequiredService<EventJournal>(), services.GetRequiredService<TimeProvider>(),
        logger: services.GetRequiredService<ILogger<NotificationDispatcher>>());

    public ValueTask DisposeAsync() => Dispatcher.DisposeAsync();
}
