namespace Fulcrum.Tests.Edge;

/// <summary>
/// Trace context through a real Fulcrum to a backend that echoes the headers it got: off by default (no Activity
/// per request, no traceparent written; a client's own is forwarded untouched), on with <c>fulcrum run --tracing</c>
/// (the proxy continues the client's trace with a span of its own, as ASP.NET and YARP do by default).
/// </summary>
public sealed class TraceContextTests : IAsyncLifetime
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ClientParent = "00f067aa0ba902b7";
    private const string ClientTraceparent = $"00-{TraceId}-{ClientParent}-01";

    private HeaderEchoBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await HeaderEchoBackend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task Off_by_default_no_trace_context_is_invented()
    {
        var headers = await EchoAsync(tracing: false);

        Assert.False(headers.ContainsKey("traceparent"), $"the backend got traceparent {headers.GetValueOrDefault("traceparent")}");
        Assert.False(headers.ContainsKey("Request-Id"));
    }

    [Fact]
    public async Task Off_by_default_the_clients_trace_context_reaches_the_backend_unchanged()
    {
        var headers = await EchoAsync(tracing: false, ("traceparent", ClientTraceparent), ("tracestate", "vendor=1"));

        Assert.Equal(ClientTraceparent, headers["traceparent"]);
        Assert.Equal("vendor=1", headers["tracestate"]);
    }

    [Fact]
    public async Task With_tracing_the_proxy_continues_the_clients_trace_with_its_own_span()
    {
        var headers = await EchoAsync(tracing: true, ("traceparent", ClientTraceparent));

        var parts = headers["traceparent"].Split('-');
        Assert.Equal(4, parts.Length);
        Assert.Equal(TraceId, parts[1]);
        Assert.NotEqual(ClientParent, parts[2]);
    }

    private Task<Dictionary<string, string>> EchoAsync(bool tracing, params (string Name, string Value)[] extra) =>
        _backend.EchoThroughFulcrumAsync("", tracing, extra);
}
