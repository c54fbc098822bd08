using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Tests.Receivers;

/// <summary>
/// A real Kestrel server on 127.0.0.1, port 0, that records every request it gets and can be told to fail:
/// the first N requests, all of them, with a chosen status, or by answering late.
/// </summary>
internal sealed class RecordingHookServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int calls;

    private RecordingHookServer(WebApplication app)
    {
        this.app = app;
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Requests answered with <see cref="FailureStatus"/> before the server starts answering 200.</summary>
    public int FailFirst { get; set; }

    public bool AlwaysFail { get; set; }

    public int FailureStatus { get; set; } = StatusCodes.Status503ServiceUnavailable;

    public TimeSpan AnswerDelay { get; set; } = TimeSpan.Zero;

    public int Calls => Volatile.Read(ref calls);

    public Uri BaseUrl { get; private set; } = null!;

    public Uri HookUrl => new(BaseUrl, "/hook");

    public static async Task<RecordingHookServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new RecordingHookServer(app);
        app.MapPost("/{**path}", server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Urls.Single());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new RecordedRequest(context.Request.Path, headers, body));
        var call = Interlocked.Increment(ref calls);
        if (AnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(AnswerDelay, context.RequestAborted);
        }
        if (AlwaysFail || call <= FailFirst)
        {
            context.Response.StatusCode = FailureStatus;
            await context.Response.WriteAsync("receiver trouble");
        }
    }
}

internal sealed record RecordedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body);
