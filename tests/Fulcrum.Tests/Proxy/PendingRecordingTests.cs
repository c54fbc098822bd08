using System.Threading.Tasks.Sources;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Metrics;
using Fulcrum.Proxy;
using Fulcrum.Recording;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using YarpClusterConfig = Yarp.ReverseProxy.Configuration.ClusterConfig;
using YarpDestinationConfig = Yarp.ReverseProxy.Configuration.DestinationConfig;

namespace Fulcrum.Tests.Proxy;

/// <summary>
/// The recorder's asynchronous path (<see cref="PendingRecording"/>): the request is in flight until the forward
/// ends, the caller gets the forward's result or exception, and a warm pool allocates nothing per request. The
/// forward here completes when the test says so, on the test's thread, so every step is synchronous and
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> sees all of it (no timing involved; the clock is fake, so no
/// window rolls over between rounds). The old pooled async method failed the allocation test: the runtime's pool
/// keeps one box per thread and per core, not 64.
/// </summary>
public sealed class PendingRecordingTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ControlledForward _forward = new();
    private readonly RequestRecorder _recorder;
    private readonly DefaultHttpContext _context = new();
    private readonly Backend _backend;

    public PendingRecordingTests()
    {
        var registry = new ClusterRegistry(_time);
        registry.Apply([new ClusterConfig
        {
            Name = "web",
            Policy = PolicyKind.RoundRobin,
            Destinations = [new DestinationConfig("d0", new Uri("http://127.0.0.1:9001"), 1)],
        }]);
        registry.TryGet("web", out var runtime);
        var monitor = new DistributionMonitor(FairnessConfig.Default, _time);
        runtime!.Recorder = monitor.Track(runtime.Balancer);
        var metrics = new FulcrumMetrics();
        metrics.Bind(registry.All);
        var meter = new FulcrumMeter(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), registry, monitor,
            new Lazy<Core.Alerting.AlertEngine>(() => throw new InvalidOperationException("no alerts here")));
        _recorder = new RequestRecorder(_forward, registry, metrics, meter, Options.Create(new FulcrumOptions())) { Enabled = true };
        _backend = runtime.BackendsById["d0"];
        var destination = new DestinationState("d0", new DestinationModel(new YarpDestinationConfig { Address = "http://127.0.0.1:9001" }));
        _context.Features.Set<IReverseProxyFeature>(new ReverseProxyFeature
        {
            Cluster = new ClusterModel(new YarpClusterConfig { ClusterId = "web" }, new HttpMessageInvoker(new SocketsHttpHandler())),
            AllDestinations = [destination],
            AvailableDestinations = [destination],
        });
        _context.Response.StatusCode = 200;
    }

    public void Dispose() => _services.Dispose();

    private ValueTask<ForwarderError> Send() =>
        _recorder.SendAsync(_context, "http://127.0.0.1:9001/", null!, ForwarderRequestConfig.Empty, HttpTransformer.Default);

    [Fact]
    public async Task The_request_is_in_flight_until_the_forward_ends_and_the_caller_gets_its_result()
    {
        var sending = Send();
        Assert.False(sending.IsCompleted);
        Assert.Equal(1, _backend.InFlight);

        _forward.Complete(ForwarderError.RequestTimedOut);

        Assert.True(sending.IsCompleted);
        Assert.Equal(0, _backend.InFlight);
        Assert.Equal(ForwarderError.RequestTimedOut, await sending);
    }

    [Fact]
    public async Task A_forward_that_throws_still_ends_the_request_and_the_caller_sees_the_exception()
    {
        var sending = Send();
        _forward.Fail(new InvalidOperationException("forward broke"));

        Assert.Equal(0, _backend.InFlight);
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () => await sending);
        Assert.Equal("forward broke", thrown.Message);
    }

    [Fact]
    public void Many_forwards_in_flight_at_once_allocate_nothing_once_the_pool_has_seen_as_many()
    {
        const int InFlight = 64;
        var sendings = new ValueTask<ForwarderError>[InFlight];
        var wrong = 0;
        void Round()
        {
            // 64 forwards started before any ends: more than the runtime's per-thread and per-core pool holds.
            for (var i = 0; i < InFlight; i++)
            {
                sendings[i] = Send();
            }
            wrong += _backend.InFlight == InFlight ? 0 : 1;
            for (var i = 0; i < InFlight; i++)
            {
                _forward.Complete(ForwarderError.None);
            }
            for (var i = 0; i < InFlight; i++)
            {
                // A plain comparison: xUnit's Assert.Equal allocates.
                wrong += sendings[i].Result == ForwarderError.None ? 0 : 1;
            }
        }

        Round();   // warms the pool (and the metrics' children)
        Round();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 10; round++)
        {
            Round();
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, _backend.InFlight);
        Assert.Equal(0, wrong);
        Assert.Equal(0, allocated);
    }

    /// <summary>A forward per call, each ending (first started, first ended) when the test says so, inline.</summary>
    private sealed class ControlledForward : IHttpForwarder
    {
        private readonly Queue<Source> _pending = new();
        private readonly Stack<Source> _free = new();

        public ValueTask<ForwarderError> SendAsync(HttpContext context, string destinationPrefix, HttpMessageInvoker httpClient, ForwarderRequestConfig requestConfig, HttpTransformer transformer)
        {
            var source = _free.Count > 0 ? _free.Pop() : new Source(this);
            _pending.Enqueue(source);
            return new ValueTask<ForwarderError>(source, source.Version);
        }

        public void Complete(ForwarderError error) => _pending.Dequeue().Complete(error, null);

        public void Fail(Exception e) => _pending.Dequeue().Complete(default, e);

        private sealed class Source(ControlledForward owner) : IValueTaskSource<ForwarderError>
        {
            private ManualResetValueTaskSourceCore<ForwarderError> _core;

            public short Version => _core.Version;

            public void Complete(ForwarderError error, Exception? e)
            {
                if (e is null)
                {
                    _core.SetResult(error);
                }
                else
                {
                    _core.SetException(e);
                }
            }

            // Reused only after a result: a failed forward's source is simply dropped (tests only).
            public ForwarderError GetResult(short token)
            {
                var result = _core.GetResult(token);
                _core.Reset();
                owner._free.Push(this);
                return result;
            }

            public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

            public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
                _core.OnCompleted(continuation, state, token, flags);
        }
    }
}
