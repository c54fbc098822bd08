using System.Runtime.CompilerServices;

/// <summary>
/// The three lines a YARP app adds for Fulcrum (docs/embedding.md), and nothing else: the Fulcrum section of a JSON
/// file (fairness, alerts, journal: the keys of samples/embedded's appsettings.json), <c>AddFulcrum</c>,
/// <c>UseFulcrum</c> in the proxy pipeline and <c>MapFulcrumAdmin</c> on the same app and port, as the sample does.
/// </summary>
internal static class FulcrumOnYarp
{
    // Not inlined: without --fulcrum, Fulcrum's assemblies are never loaded, so the plain target stays plain.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AddServices(WebApplicationBuilder builder, IReverseProxyBuilder proxy, string file)
    {
        builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: false);
        proxy.AddFulcrum(builder.Configuration.GetSection("Fulcrum"));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Map(WebApplication app)
    {
        app.MapReverseProxy(pipeline => pipeline.UseFulcrum());
        app.MapFulcrumAdmin("/fulcrum");
    }
}
