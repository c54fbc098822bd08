using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Fulcrum.Tests.Support;

namespace Fulcrum.Tests.Edge;

/// <summary>A real Kestrel backend on 127.0.0.1:0 that answers with the request headers it received, as JSON.</summary>
internal sealed class HeaderEchoBackend : IAsyncDisposable
{
    private readonly LoopbackApp _app;

    private HeaderEchoBackend(LoopbackApp app) => _app = app;

    public Uri Address => _app.Address;

    public static async Task<HeaderEchoBackend> StartAsync() =>
        new(await LoopbackApp.StartAsync(context =>
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var json = JsonSerializer.SerializeToUtf8Bytes(headers);
            context.Response.ContentLength = json.Length;
            return context.Response.Body.WriteAsync(json).AsTask();
        }));

    /// <summary>
    /// One GET through a Fulcrum in front of this backend, raw on a socket (Host: shop.example, then
    /// <paramref name="extra"/>); <paramref name="configExtra"/> is added to the config. The headers the backend got.
    /// </summary>
    public async Task<Dictionary<string, string>> EchoThroughFulcrumAsync(string configExtra, bool tracing, params (string Name, string Value)[] extra)
    {
        var template = EdgeConfigs.WithListen("listen: [http://127.0.0.1:0]", Address.ToString(), configExtra);
        await using var rig = await ProxyRig.StartAsync(template, [], force: true, tracing: tracing);
        var body = await RawHttp.BodyAsync(rig.Server.ProxyAddress, "GET / HTTP/1.1\r\nHost: shop.example\r\n"
            + string.Concat(extra.Select(h => $"{h.Name}: {h.Value}\r\n")) + "Connection: close\r\n\r\n");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(body)!
            .ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
