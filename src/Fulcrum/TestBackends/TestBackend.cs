using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.TestBackends;

/// <summary>
/// A real Kestrel server shaped like a production backend (see <see cref="TestBackendOptions"/>), used by
/// <c>fulcrum backend</c>, the demo, the tests and the load benchmarks. Port 0 binds a free port.
/// </summary>
public sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestBackendOptions _options;
    private readonly SemaphoreSlim? _servers;
    private readonly byte[] _body;

    private TestBackend(WebApplication app, TestBackendOptions options, int port)
    {
        _app = app;
        _options = options;
        Port = port;
        Name = options.Name ?? port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _body = System.Text.Encoding.UTF8.GetBytes(Name);
        _servers = options.Concurrency is int k ? new SemaphoreSlim(k, k) : null;
    }

    public int Port { get; }
    public string Name { get; private set; }
    public Uri Address => new($"http://{_options.Host}:{Port}");
    public TestBackendCounters Counters { get; } = new();

    /// <summary>Service-time multiplier, so a test can slow a running backend down.</summary>
    public double Slowdown { get; set; } = 1.0;

    /// <summary>Overrides the configured fail rate while running.</summary>
    public double FailRate { get; set; }

    /// <summary>When false, GET /health answers 503 (for active health check tests).</summary>
    public bool Healthy { get; set; } = true;

    public static async Task<TestBackend> StartAsync(TestBackendOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.AddServerHeader = false);
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        var app = builder.Build();
        TestBackend? backend = null;
        app.UseWebSockets();
        app.Run(context => backend!.HandleAsync(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        backend = new TestBackend(app, options, new Uri(address).Port) { FailRate = options.FailRate };
        if (options.Name is null)
        {
            backend.Name = backend.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return backend;
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _servers?.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path.Equals("/health", StringComparison.Ordinal))
        {
            context.Response.StatusCode = Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            return;
        }
        if (context.WebSockets.IsWebSocketRequest)
        {
            await WebSocketEcho.RunAsync(context).ConfigureAwait(false);
            return;
        }
        var inServer = Counters.Enter();
        try
        {
            if (_options.Capacity is int capacity && inServer > capacity)
            {
                Counters.CountRejected();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            await ServeAsync(context).ConfigureAwait(false);
        }
        finally
        {
            Counters.Leave();
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (_servers is not null)
        {
            await _servers.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        }
        try
        {
            var serviceTime = _options.Latency * Slowdown;
            if (serviceTime > TimeSpan.Zero)
            {
                await Task.Delay(serviceTime, context.RequestAborted).ConfigureAwait(false);
            }
        }
        finally
        {
            _servers?.Release();
        }
        context.Response.Headers["X-Backend"] = Name;
        if (FailRate > 0 && Random.Shared.NextDouble() < FailRate)
        {
            Counters.CountFailed();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }
        Counters.CountOk();
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = _body.Length;
        await context.Response.Body.WriteAsync(_body, context.RequestAborted).ConfigureAwait(false);
    }
}
