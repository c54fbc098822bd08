using Fulcrum.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Fulcrum.Hosting;

/// <summary>Builds the data-plane web app: Kestrel on <c>listen</c>, YARP with Fulcrum's policies and recording step.</summary>
internal static class ProxyApp
{
    public static WebApplication Build(FulcrumServerContext shared, IReadOnlyList<string> listen)
    {
        var builder = WebApplication.CreateSlimBuilder();
        shared.ConfigureLogging(builder.Logging);
        builder.WebHost.UseKestrel(k => k.AddServerHeader = false);
        builder.WebHost.UseUrls(listen.ToArray());
        builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = shared.ShutdownTimeout);

        var services = builder.Services;
        shared.Register(services);
        services.AddReverseProxy();
        services.AddSingleton<IProxyConfigProvider>(shared.ConfigProvider);
        services.AddSingleton<ILoadBalancingPolicy, FulcrumLoadBalancingPolicy>();
        services.AddSingleton<IAvailableDestinationsPolicy, EligibleDestinationsPolicy>();
        services.AddSingleton<IActiveHealthCheckPolicy, ThresholdActiveHealthPolicy>();
        services.AddSingleton<YarpStateSync>();
        services.AddSingleton<IConfigChangeListener>(sp => sp.GetRequiredService<YarpStateSync>());
        services.Replace(ServiceDescriptor.Singleton<IForwarderHttpClientFactory, ConnectTimeoutHttpClientFactory>());
        services.AddSingleton<RequestRecorder>();

        var app = builder.Build();
        // Created eagerly so it subscribes to eligibility changes before the first request.
        app.Services.GetRequiredService<YarpStateSync>();
        var recorder = app.Services.GetRequiredService<RequestRecorder>();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.Use(recorder.InvokeAsync);
            // Fulcrum's own passive ejection (which counts 5xx) replaces YARP's transport-only passive policy.
        });
        return app;
    }
}
