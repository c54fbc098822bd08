namespace Fulcrum.Core.Config;

/// <summary>
/// <c>clusters.*.retries</c>: how many extra tries a failed request gets (each on another destination), the share
/// of requests that may be retries (the budget, so retries cannot amplify an outage), the timeout of each try,
/// which methods may be retried after they were sent, and which failures are retried (<see cref="On"/>).
/// </summary>
public sealed record RetryConfig(int Attempts, double Budget, TimeSpan? PerTryTimeout, RetryMethods Methods)
{
    public const int DefaultAttempts = 1;
    public const double DefaultBudget = 0.2;
    public const int MaxAttempts = 5;

    /// <summary>The failures that are retried (<c>retry-on</c>); by default those where no answer came back.</summary>
    public RetryOn On { get; init; } = RetryOn.Default;
}

/// <summary>Which requests may be retried after they reached a destination (unsent requests always may).</summary>
public enum RetryMethods
{
    /// <summary>GET, HEAD, OPTIONS, PUT, DELETE, TRACE (RFC 9110 §9.2.2).</summary>
    Idempotent,
    /// <summary>GET, HEAD, OPTIONS, TRACE only (RFC 9110 §9.2.1).</summary>
    Safe,
}

/// <summary>
/// <c>clusters.*.retries.retry-on</c>: the failures that are retried, after Envoy's <c>retry_on</c>
/// (<c>connect-failure</c>, <c>reset</c>, <c>gateway-error</c>, <c>5xx</c>) and its per-try timeout.
/// </summary>
[Flags]
public enum RetryOn
{
    None = 0,
    /// <summary>No connection could be made: the destination never saw the request (retried whatever the method).</summary>
    ConnectFailure = 1,
    /// <summary>The connection or stream broke before the response headers (retriable methods only).</summary>
    Reset = 2,
    /// <summary>The per-try timeout fired before the response headers (retriable methods only).</summary>
    Timeout = 4,
    /// <summary>The destination answered 502, 503 or 504 (retriable methods only).</summary>
    GatewayError = 8,
    /// <summary>The destination answered any 5xx (retriable methods only); includes <see cref="GatewayError"/>.</summary>
    ServerError = 16,

    /// <summary>What is retried when <c>retry-on</c> is not given: the failures where no answer came back.</summary>
    Default = ConnectFailure | Reset | Timeout,
    /// <summary>Any answered status that may be retried.</summary>
    AnyStatus = GatewayError | ServerError,
}

/// <summary>The words of <c>retry-on</c>, shared by the YAML reader, YARP metadata and the audit.</summary>
public static class RetryOnNames
{
    private static readonly (string Name, RetryOn Flag)[] Words =
    [
        ("connect-failure", RetryOn.ConnectFailure),
        ("reset", RetryOn.Reset),
        ("timeout", RetryOn.Timeout),
        ("gateway-error", RetryOn.GatewayError),
        ("5xx", RetryOn.ServerError),
    ];

    public static IReadOnlyList<string> All { get; } = Array.ConvertAll(Words, w => w.Name);

    public static bool TryParse(string word, out RetryOn flag)
    {
        foreach (var (name, value) in Words)
        {
            if (name == word)
            {
                flag = value;
                return true;
            }
        }
        flag = RetryOn.None;
        return false;
    }

    /// <summary>Comma-separated words, in the documented order (YARP metadata, messages).</summary>
    public static string Format(RetryOn on) =>
        string.Join(",", Words.Where(w => (on & w.Flag) != 0).Select(w => w.Name));

    /// <summary>Whether an answered <paramref name="status"/> is retried under <paramref name="on"/>.</summary>
    public static bool RetriesStatus(RetryOn on, int status) =>
        ((on & RetryOn.ServerError) != 0 && status is >= 500 and <= 599)
        || ((on & RetryOn.GatewayError) != 0 && status is 502 or 503 or 504);
}
