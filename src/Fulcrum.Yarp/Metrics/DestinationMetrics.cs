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
