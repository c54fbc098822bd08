// A plain YARP app; Fulcrum adds weights, capacities, slow start, 5xx-aware ejection, the distribution monitor,
// alerts and the journal. Destinations and their Fulcrum settings are in appsettings.json.
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddFulcrum(builder.Configuration.GetSection("Fulcrum"));

var app = builder.Build();
app.MapReverseProxy(proxy => proxy.UseFulcrum());
app.MapFulcrumAdmin("/fulcrum");   // dashboard, /fulcrum/api/*, /fulcrum/metrics
app.Run();

/// <summary>Visible to the tests, which start this app on port 0.</summary>
public partial class Program;
