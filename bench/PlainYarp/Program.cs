// A plain YARP proxy for the load benchmarks (bench/load/run.sh): one catch-all route to one cluster,
// balanced by one of YARP's built-in policies, logging off, nothing else on the request path.
// Usage: PlainYarp --listen http://127.0.0.1:PORT --policy RoundRobin|PowerOfTwoChoices|... --destination URL [--destination URL ...]
using Yarp.ReverseProxy.Configuration;

var listen = "http://127.0.0.1:8080";
var policy = "RoundRobin";
var destinations = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--listen" when value is not null: listen = value; i++; break;
        case "--policy" when value is not null: policy = value; i++; break;
        case "--destination" when value is not null: destinations.Add(value); i++; break;
        default:
            Console.Error.WriteLine($"PlainYarp: unexpected argument '{args[i]}'. Usage: --listen URL --policy NAME --destination URL...");
            return 2;
    }
}
if (destinations.Count == 0)
{
    Console.Error.WriteLine("PlainYarp: give at least one --destination URL");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.AddServerHeader = false);
builder.WebHost.UseUrls(listen);
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "backends", Match = new RouteMatch { Path = "/{**rest}" } }],
    [new ClusterConfig
    {
        ClusterId = "backends",
        LoadBalancingPolicy = policy,
        Destinations = destinations.Select((address, index) => (address, index))
            .ToDictionary(d => $"d{d.index}", d => new DestinationConfig { Address = d.address }),
    }]);
var app = builder.Build();
app.MapReverseProxy();
await app.StartAsync();
Console.WriteLine($"PlainYarp: {policy} over {destinations.Count} destinations on {listen}");
await app.WaitForShutdownAsync();
return 0;
