// LoadGen: an open-loop, fixed-rate HTTP load generator for bench/load/run.sh.
// Why not wrk or bombardier: both are closed-loop (a connection waits for its answer before it sends again, and
// bombardier's --rate only throttles that loop), so when the system slows down they send less and time only the
// requests they did send: coordinated omission. Here arrivals follow the clock, latency is measured from the
// scheduled send time, and every run is bounded (duration, per-request timeout, in-flight cap).
// Prints one JSON object (see RunReport) on stdout.
using System.Net;
using System.Text.Json;
using LoadGen;

var options = LoadGenOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine($"LoadGen: {error}\nusage: {LoadGenOptions.Usage}");
    return 2;
}

using var handler = new SocketsHttpHandler
{
    UseProxy = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    MaxConnectionsPerServer = int.MaxValue,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    ConnectTimeout = options.Timeout,
};
using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
var targets = new RequestTargets(options.Urls, options.KeyQuery, options.Keys);

if (options.Warmup > TimeSpan.Zero)
{
    // Warms the JIT of every process on the path and opens connections, at a rate well below capacity;
    // then a pause so the queues it left behind drain before the measured run.
    new OpenLoopRun(client, targets, options.WarmupRate, options.Warmup, options.Timeout, options.MaxInFlight, countHeader: null).Execute();
    Thread.Sleep(1000);
}

var run = new OpenLoopRun(client, targets, options.Rate, options.Duration, options.Timeout, options.MaxInFlight, options.CountHeader);
var report = RunReport.From(options, run.Execute());
Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
return 0;
