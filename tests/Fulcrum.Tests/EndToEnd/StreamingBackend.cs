using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>
/// A real Kestrel backend on 127.0.0.1:0 for body faults. <c>POST /upload</c> reads the whole body, then answers
/// 200; <c>POST /echo</c> sends the start of its 200 answer at once, then streams the body back while it reads it;
/// <c>GET /cut</c> promises 1 MB, sends 64 KB and resets the connection (unless <see cref="CutsResponses"/> is off);
/// anything else answers 200 "ok".
/// </summary>
internal sealed class StreamingBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _uploadsStarted;

    private StreamingBackend(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>When false, <c>GET /cut</c> is answered like any other path.</summary>
    public bool CutsResponses { get; set; } = true;

    /// <summary>Uploads whose body this backend began to read: the proxy had already forwarded them.</summary>
    public int UploadsStarted => Volatile.Read(ref _uploadsStarted);

    public static async Task<StreamingBackend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // The proxy enforces its own body limit; this backend takes anything.
        builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = null).UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        StreamingBackend? backend = null;
        app.Run(context => backend!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        backend = new StreamingBackend(app, new Uri(address));
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var buffer = new byte[16 * 1024];
        switch (context.Request.Path.Value)
        {
            case "/upload":
                Interlocked.Increment(ref _uploadsStarted);
                while (await ReadAsync(context, buffer) > 0)
                {
                }
                await context.Response.WriteAsync("ok", context.RequestAborted);
                break;
            case "/echo":
                Interlocked.Increment(ref _uploadsStarted);
                // Answer before reading anything, so the proxy has started its response to the client too.
                await context.Response.Body.WriteAsync("echo:"u8.ToArray(), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                int read;
                while ((read = await ReadAsync(context, buffer)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
                break;
            case "/cut" when CutsResponses:
                context.Response.ContentLength = 1024 * 1024;
                await context.Response.Body.WriteAsync(new byte[64 * 1024], context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                context.Abort();
                break;
            default:
                await context.Response.WriteAsync("ok", context.RequestAborted);
                break;
        }
    }

    /// <summary>A body the proxy cut off ends here as an error; to this backend it is just the end of the upload.</summary>
    private static async Task<int> ReadAsync(HttpContext context, byte[] buffer)
    {
        try
        {
            return await context.Request.Body.ReadAsync(buffer, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException)
        {
            return 0;
        }
    }
}
