using Fulcrum.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Fulcrum.Tests.Paths;

/// <summary>A real Kestrel backend on 127.0.0.1:0 that answers with its name and the raw request target it received.</summary>
internal sealed class TargetEchoBackend : IAsyncDisposable
{
    private readonly LoopbackApp _app;

    private TargetEchoBackend(LoopbackApp app) => _app = app;

    public Uri Address => _app.Address;

    public static async Task<TargetEchoBackend> StartAsync(string name) =>
        new(await LoopbackApp.StartAsync(context =>
        {
            var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            return context.Response.WriteAsync($"{name} {raw}");
        }));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
