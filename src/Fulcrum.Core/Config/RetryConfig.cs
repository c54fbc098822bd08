namespace Fulcrum.Core.Config;

/// <summary>
/// <c>clusters.*.retries</c>: how many extra tries a failed request gets (each on another destination), the share
/// of requests that may be retries (the budget, so retries cannot amplify an outage), the timeout of each try and
/// which methods may be retried after they were sent.
/// </summary>
public sealed record RetryConfig(int Attempts, double Budget, TimeSpan? PerTryTimeout, RetryMethods Methods)
{
    public const int DefaultAttempts = 1;
    public const double DefaultBudget = 0.2;
    public const int MaxAttempts = 5;
}

/// <summary>Which requests may be retried after they reached a destination (unsent requests always may).</summary>
public enum RetryMethods
{
    /// <summary>GET, HEAD, OPTIONS, PUT, DELETE, TRACE (RFC 9110 §9.2.2).</summary>
    Idempotent,
    /// <summary>GET, HEAD, OPTIONS, TRACE only (RFC 9110 §9.2.1).</summary>
    Safe,
}
