using System.Net.Sockets;
using System.Text;
using Fulcrum.TestBackends;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// <c>listen[].max-connections</c> with real sockets: two listeners, one capped at 3. A fourth connection on the
/// capped one is closed without an answer (one log line, one count in the metric) while the other listener still
/// serves, and a slot freed by closing a connection is taken by the next one.
/// </summary>
public sealed class ListenerConnectionCapTests(ITestOutputHelper output)
{
    private const int Cap = 3;

    [Fact]
    public async Task The_connection_over_a_listeners_cap_is_refused_while_another_listener_still_accepts()
    {
        var logs = new CapturingLoggerProvider();
        var config = Configs.OneCluster("round-robin", "a: { address: \"{a}\" }")
            .Replace("listen: [http://127.0.0.1:0]", $"listen:\n  - {{ url: http://127.0.0.1:0, max-connections: {Cap} }}\n  - http://127.0.0.1:0", StringComparison.Ordinal);
        await using var rig = await ProxyRig.StartAsync(config, ProxyRig.Named(1), logs: logs);
        // Bound in file order: the capped listener, the other one, then the admin listener.
        var addresses = rig.Server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToArray();
        var (capped, other) = (addresses[0], addresses[1]);

        var held = new List<TcpClient>();
        try
        {
            for (var i = 0; i < Cap; i++)
            {
                var client = await ConnectAsync(capped);
                held.Add(client);
                Assert.Equal("200", await GetAsync(client));
            }

            using (var extra = await ConnectAsync(capped))
            {
                Assert.Null(await GetAsync(extra));
            }
            using (var elsewhere = await ConnectAsync(other))
            {
                Assert.Equal("200", await GetAsync(elsewhere));
            }
            // The held connections are still served: the cap refuses new ones, it does not drop open ones.
            Assert.Equal("200", await GetAsync(held[0]));

            held[0].Dispose();
            held.RemoveAt(0);
            await Poll.UntilAsync(async () =>
            {
                using var again = await ConnectAsync(capped);
                return await GetAsync(again) == "200";
            }, TimeSpan.FromSeconds(10), "a freed slot to be taken by a new connection");
        }
        finally
        {
            held.ForEach(c => c.Dispose());
        }

        var refusals = logs.Lines.Where(l => l.Message.Contains("connection refused", StringComparison.Ordinal)).ToList();
        refusals.ForEach(l => output.WriteLine(l.Message));
        Assert.NotEmpty(refusals);
        Assert.All(refusals, l => Assert.Contains($"limit hit: connection refused on http://127.0.0.1:0, already {Cap} open", l.Message, StringComparison.Ordinal));
        var metrics = await rig.Admin.GetStringAsync("/metrics");
        var line = metrics.Split('\n').Single(l => l.StartsWith("fulcrum_connections_refused_total{", StringComparison.Ordinal));
        output.WriteLine(line);
        Assert.Equal(refusals.Count, int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<TcpClient> ConnectAsync(Uri server)
    {
        var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        return client;
    }

    /// <summary>A keep-alive GET on the connection: the status code, or null when the server closed it without an answer.</summary>
    private static async Task<string?> GetAsync(TcpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync("GET / HTTP/1.1\r\nHost: fulcrum.test\r\n\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[4096];
            var received = new StringBuilder();
            // The test backend answers with a Content-Length body of its name ("a"): read until the whole answer is in.
            while (!received.ToString().EndsWith("\r\n\r\na", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(buffer, timeout.Token);
                if (n == 0)
                {
                    return null;
                }
                received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            return received.ToString().Split(' ')[1];
        }
        catch (IOException)
        {
            // Kestrel closed the refused socket; a write or read into it may see a reset instead of the end of stream.
            return null;
        }
    }
}
