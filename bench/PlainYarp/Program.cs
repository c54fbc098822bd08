// A plain YARP proxy for the load benchmarks (bench/load/run.sh): one catch-all route to one cluster,
// balanced by one of YARP's built-in policies, logging off, nothing else on the request path.
// Usage: PlainYarp --listen http://127.0.0.1:PORT --policy RoundRobin|PowerOfTwoChoices|... --destination URL [--destination URL ...]
//        [--fulcrum FILE.json]
// With --fulcrum, the same app plus exactly what a YARP user adds for Fulcrum (FulcrumOnYarp.cs): the like-for-like
// measure of AddFulcrum()'s cost; the policy is then one of Fulcrum's (Fulcrum.RoundRobin, ...).
using Yarp.ReverseProxy.Configuration;

var listen = "http://127.0.0.1:8080";
var policy = "RoundRobin";
string? fulcrumFile = null;
var destinations = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--listen" when value is not null: listen = value; i++; break;
        case "--policy" when value is not null: policy = value; i++; break;
        case "--destination" when value is not null: destinations.Add(value); i++; break;
        case "--fulcrum" when value is not null: fulcrumFile = Path.GetFullPath(value); i++; break;
        default:
            Console.Error.WriteLine($"PlainYarp: unexpected argument '{args[i]}'. Usage: --listen URL --policy NAME --destination URL... [--fulcrum FILE.json]");
            return 2;
    }
}
if (destinations.Count == 0)
{
    Console.Error.WriteLine("PlainYarp: give at least one --destination URL");
    return 2;
}
if (fulcrumFile is not null && !File.Exists(fulcrumFile))
{
    Console.Error.WriteLine($"PlainYarp: --fulcrum {fulcrumFile}: no such file");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.AddServerHeader = false);
builder.WebHost.UseUrls(listen);
var proxy = builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "backends", Match = new RouteMatch { Path = "/{**rest}" } }],
    [new ClusterConfig
    {
        ClusterId = "backends",
        LoadBalancingPolicy = policy,
        Destinations = destinations.Select((address, index) => (address, index))
            .ToDictionary(d => $"d{d.index}", d => new DestinationConfig { Address = d.address }),
    }]);
if (fulcrumFile is not null)
{
    FulcrumOnYarp.AddServices(builder, proxy, fulcrumFile);
}
var app = builder.Build();
if (fulcrumFile is not null)
{
    FulcrumOnYarp.Map(app);
}
else
{
    app.MapReverseProxy();
}
await app.StartAsync();
Console.WriteLine($"PlainYarp: {policy} over {destinations.Count} destinations on {listen}{(fulcrumFile is null ? "" : " with AddFulcrum()")}");
await app.WaitForShutdownAsync();
return 0;
