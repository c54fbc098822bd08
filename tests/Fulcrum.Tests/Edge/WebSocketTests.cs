using System.Net;
using System.Net.WebSockets;
using System.Text;
using Fulcrum.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Tests.Edge;

/// <summary>A WebSocket through Fulcrum to a real Kestrel echo backend: the upgrade is tunnelled both ways.</summary>
public sealed class WebSocketTests
{
    [Fact]
    public async Task WebSocket_messages_pass_through_both_ways()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var backend = builder.Build();
        backend.UseWebSockets();
        backend.Run(async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[1024];
            // Echo until the client closes; bounded by the client's own message count.
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
            }
        });
        await backend.StartAsync();
        var template = EndToEnd.Configs.OneCluster("round-robin", $"a: {{ address: \"{backend.Urls.Single()}\" }}");
        await using var rig = await ProxyRig.StartAsync(template, [], force: true);

        using var client = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{rig.Server.ProxyAddress.Port}/ws"), timeout.Token);
        var replies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(Encoding.UTF8.GetBytes($"hello {i}"), WebSocketMessageType.Text, true, timeout.Token);
            var buffer = new byte[1024];
            var received = await client.ReceiveAsync(buffer, timeout.Token);
            replies.Add(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.Equal(["hello 0", "hello 1", "hello 2"], replies);
        Assert.Equal(WebSocketState.Closed, client.State);
    }
}
