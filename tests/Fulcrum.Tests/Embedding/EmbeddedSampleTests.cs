using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Fulcrum.Metrics;
using Fulcrum.Proxy;
using Fulcrum.TestBackends;
using Fulcrum.Tests.Deploy;
using Fulcrum.Tests.Receivers;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Embedding;

/// <summary>The acceptance of "Fulcrum as a YARP extension": samples/embedded on real Kestrel with real backends.</summary>
public sealed class EmbeddedSampleTests(ITestOutputHelper output)
{
    private static readonly TestBackendOptions Healthy = new();

    [Fact]
    public async Task Weights_from_YARP_metadata_split_5000_requests_exactly_and_the_admin_API_reports_the_shares()
    {
        await using var app = await EmbeddedApp.StartAsync([Healthy, Healthy, Healthy]);

        await SendAsync(app.Client, 5000);

        Assert.Equal([3000, 1000, 1000], app.Backends.Select(b => b.Counters.Total).ToArray());
        using var clusters = JsonDocument.Parse(await app.Client.GetStringAsync("/fulcrum/api/clusters"));
        var web = clusters.RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "web");
        var destinations = web.GetProperty("destinations").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);
        Assert.Equal(3000, destinations["a"].GetProperty("requests").GetInt64());
        Assert.Equal(1000, destinations["b"].GetProperty("requests").GetInt64());
        Assert.Equal(0.6, destinations["a"].GetProperty("expectedShare").GetDouble(), 6);
        Assert.Equal(0.2, destinations["c"].GetProperty("expectedShare").GetDouble(), 6);
        Assert.Equal(0.6, destinations["a"].GetProperty("actualShare").GetDouble(), 6);
    }

    [Fact]
    public async Task Metrics_under_the_admin_prefix_pass_promtool_check_metrics()
    {
        await using var app = await EmbeddedApp.StartAsync([Healthy, Healthy, Healthy]);
        await SendAsync(app.Client, 50);

        // The client can read a whole response before the proxy's forwarder step returns and records it.
        var text = "";
        await Eventually.TrueAsync(async () =>
            (text = await app.Client.GetStringAsync("/fulcrum/metrics")).Contains("fulcrum_requests_total{cluster=\"web\",destination=\"a\",code_class=\"2xx\"} 30"),
            "a's 30 requests in /fulcrum/metrics");
        Assert.Contains("fulcrum_destination_weight{cluster=\"web\",destination=\"a\"} 3", text);
        await Promtool.AssertMetricsPassAsync(text, output);
    }

    [Fact]
    public async Task Requests_that_ASP_NET_traces_are_recorded_without_exemplars()
    {
        // The sample logs (at Warning), so ASP.NET starts an Activity for every request; prometheus-net's default would
        // attach its trace and span id to each request's counter and histogram: per-request work /metrics never shows.
        await using var app = await EmbeddedApp.StartAsync([Healthy, Healthy, Healthy]);
        await SendAsync(app.Client, 50);

        // OpenMetrics is the format that carries exemplars ("# {trace_id=...}" after a sample).
        var registry = app.Services.GetRequiredService<FulcrumMetrics>().Registry;
        var text = "";
        await Eventually.TrueAsync(async () =>
        {
            using var buffer = new MemoryStream();
            await registry.CollectAndExportAsTextAsync(buffer, ExpositionFormat.OpenMetricsText);
            text = Encoding.UTF8.GetString(buffer.ToArray());
            return text.Contains("fulcrum_requests_total{cluster=\"web\",destination=\"a\",code_class=\"2xx\"} 30");
        }, "a's 30 requests exported");
        Assert.DoesNotContain("trace_id", text);
    }

    [Fact]
    public async Task The_Fulcrum_meter_reports_the_same_requests_and_weights_to_a_MeterListener()
    {
        await using var app = await EmbeddedApp.StartAsync([Healthy, Healthy, Healthy]);
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        var requests = new ConcurrentDictionary<string, long>();
        var weights = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        // Only this app's meter: other tests run other apps in the same process.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Fulcrum" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "fulcrum_requests_total")
            {
                requests.AddOrUpdate(Tag(tags, "destination") + "/" + Tag(tags, "code_class"), value, (_, sum) => sum + value);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "fulcrum_destination_weight")
            {
                weights[Tag(tags, "destination")] = value;
            }
        });
        listener.Start();

        await SendAsync(app.Client, 50);
        // The client can read a whole response before the proxy's forwarder step returns and records it: wait for
        // the 50th recording rather than assume it happened.
        await Eventually.TrueAsync(() => requests.Values.Sum() >= 50, "50 requests recorded through the meter");
        listener.RecordObservableInstruments();

        Assert.Equal(30, requests.GetValueOrDefault("a/2xx"));
        Assert.Equal(10, requests.GetValueOrDefault("b/2xx"));
        Assert.Equal(10, requests.GetValueOrDefault("c/2xx"));
        Assert.Equal(3.0, weights["a"]);
        Assert.Equal(1.0, weights["c"]);
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString() ?? "";
            }
        }
        return "";
    }

    [Fact]
    public async Task A_backend_answering_500_is_ejected_after_the_configured_consecutive_failures()
    {
        await using var app = await EmbeddedApp.StartAsync([Healthy, Healthy, Healthy with { FailRate = 1.0 }]);
        var registry = app.Services.GetRequiredService<ClusterRegistry>();
        Assert.True(registry.TryGet("web", out var web));
        var c = web.BackendsById["c"];

        // 3 consecutive failures (Fulcrum.Passive.ConsecutiveFailures) eject c; round robin reaches it once in 5.
        await SendAsync(app.Client, 15, workers: 1);

        // c's third failure is the 15th request, recorded just after its answer reached the client.
        await Eventually.TrueAsync(() => !c.IsEligible, "c ejected after its third consecutive failure");
        Assert.Equal(3, app.Backends[2].Counters.Total);
        await SendAsync(app.Client, 40, workers: 1);
        Assert.Equal(3, app.Backends[2].Counters.Total);
        await Eventually.TrueAsync(async () =>
        {
            using var clusters = JsonDocument.Parse(await app.Client.GetStringAsync("/fulcrum/api/clusters"));
            var destination = clusters.RootElement[0].GetProperty("destinations").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "c");
            return destination.GetProperty("ejected").GetBoolean();
        }, "the admin API to show c ejected");
    }

    private static async Task SendAsync(HttpClient client, int count, int workers = 8)
    {
        var next = 0;
        var tasks = Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                using var response = await client.GetAsync("/");
                await response.Content.ReadAsByteArrayAsync();
            }
        });
        await Task.WhenAll(tasks);
    }
}
