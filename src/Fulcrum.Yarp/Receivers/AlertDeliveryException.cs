namespace Fulcrum.Receivers;

/// <summary>
/// A delivery attempt failed. <see cref="Retryable"/> is false when trying again cannot help (a 4xx other than
/// 408/429: the receiver refuses the request as such), so the dispatcher gives up at once.
/// </summary>
internal sealed class AlertDeliveryException : Exception
{
    public AlertDeliveryException(string message, bool retryable, int? statusCode = null, Exception? inner = null)
        : base(message, inner)
    {
        Retryable = retryable;
        StatusCode = statusCode;
    }

    public bool Retryable { get; }

    public int? StatusCode { get; }
}
