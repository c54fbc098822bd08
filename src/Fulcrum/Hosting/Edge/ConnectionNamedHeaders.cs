using Microsoft.AspNetCore.Http;

namespace Fulcrum.Hosting.Edge;

/// <summary>
/// RFC 9110 §7.6.1: a header named in <c>Connection</c> is meant for this hop only and must not be forwarded. YARP
/// drops the fixed hop-by-hop headers (Keep-Alive, TE, Upgrade…) but not the ones a client names, so they are
/// removed here before the request is proxied. Upgrade stays: YARP needs it to tunnel a WebSocket.
/// </summary>
internal sealed class ConnectionNamedHeaders(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.Connection is { Count: > 0 } connection)
        {
            foreach (var value in connection)
            {
                // Split as spans: a plain "keep-alive" or "close" (every HTTP/1.0 keep-alive client) allocates nothing.
                var list = (value ?? "").AsSpan();
                foreach (var range in list.Split(','))
                {
                    var name = list[range].Trim();
                    if (!name.IsEmpty && !IsConnectionOption(name))
                    {
                        headers.Remove(name.ToString());
                    }
                }
            }
        }
        return next(context);
    }

    /// <summary>Options of the Connection header itself rather than names of other headers to drop.</summary>
    private static bool IsConnectionOption(ReadOnlySpan<char> name) =>
        name.Equals("close", StringComparison.OrdinalIgnoreCase)
        || name.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
        || name.Equals("upgrade", StringComparison.OrdinalIgnoreCase);
}
