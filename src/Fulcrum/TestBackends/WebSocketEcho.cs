using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.TestBackends;

/// <summary>A WebSocket endpoint on every test backend: echoes each message until the client closes or goes away.</summary>
internal static class WebSocketEcho
{
    public static async Task RunAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted).ConfigureAwait(false);
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client (or the proxy on its behalf) went away mid-session: nothing to clean up.
        }
    }
}
