using System.Net.Sockets;
using System.Text;

namespace Fulcrum.Tests.Edge;

/// <summary>HTTP/1.1 written by hand on a socket: requests no well-behaved client would send (huge headers, unfinished headers).</summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="request"/> as-is and returns the status code of the answer (bounded by 30 s).</summary>
    public static async Task<int> StatusAsync(Uri server, string request)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stream = await SendAsync(client, server, request, timeout.Token);
        var buffer = new byte[4096];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            if (n == 0)
            {
                break;
            }
            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        var statusLine = received.ToString().Split("\r\n")[0];
        Assert.StartsWith("HTTP/1.1 ", statusLine, StringComparison.Ordinal);
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Sends <paramref name="request"/> (which must ask for Connection: close) and returns the body of the answer.</summary>
    public static async Task<string> BodyAsync(Uri server, string request)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stream = await SendAsync(client, server, request, timeout.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(timeout.Token);
        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        // Kestrel sends the echo chunked: the JSON is the one chunk between its size line and the last chunk.
        return response.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)
            ? string.Concat(body.Split("\r\n").Where((_, i) => i % 2 == 1))
            : body;
    }

    private static async Task<NetworkStream> SendAsync(TcpClient client, Uri server, string request, CancellationToken cancellationToken)
    {
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        return stream;
    }

    public static string Get(params string[] headers) =>
        "GET / HTTP/1.1\r\nHost: fulcrum.test\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n";
}
