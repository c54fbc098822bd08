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
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
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

    public static string Get(params string[] headers) =>
        "GET / HTTP/1.1\r\nHost: fulcrum.test\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n";
}
