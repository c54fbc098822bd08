using Prometheus;

namespace Fulcrum.Metrics;

/// <summary>One destination's labelled metric children, resolved once per config so recording is a plain increment.</summary>
internal sealed class DestinationMetrics
{
    public required Counter.Child Ok2xx { get; init; }
    public required Counter.Child Redirect3xx { get; init; }
    public required Counter.Child Client4xx { get; init; }
    public required Counter.Child Server5xx { get; init; }
    public required Counter.Child TransportError { get; init; }
    public required Histogram.Child Duration { get; init; }
    public required Counter.Child BackendFault { get; init; }
    public required Counter.Child ClientFault { get; init; }
    public required Counter.Child ProxyFault { get; init; }

    /// <summary>The <c>fulcrum_request_outcomes_total</c> child of a fault; null for a clean outcome.</summary>
    public Counter.Child? ForFault(Proxy.Fault fault) => fault switch
    {
        Proxy.Fault.Backend => BackendFault,
        Proxy.Fault.Client => ClientFault,
        Proxy.Fault.Proxy => ProxyFault,
        _ => null,
    };

    public Counter.Child ForStatus(int statusCode, bool transportFailure) => transportFailure
        ? TransportError
        : statusCode switch
        {
            < 300 => Ok2xx,
            < 400 => Redirect3xx,
            < 500 => Client4xx,
            _ => Server5xx,
        };
}
