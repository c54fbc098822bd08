using Fulcrum.Recording;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Model;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>app.MapReverseProxy(p => p.UseFulcrum())</c>.</summary>
public static class FulcrumProxyPipelineExtensions
{
    /// <summary>
    /// The proxy pipeline with Fulcrum: YARP's session affinity and load balancing (where Fulcrum's policies pick),
    /// then Fulcrum's recording step, which counts every request on its destination and feeds passive ejection,
    /// peak EWMA, the distribution monitor and the metrics. It replaces YARP's passive health step, which counts
    /// transport failures only: Fulcrum's ejection counts 5xx too. Clusters with <c>retries</c> are forwarded by
    /// that step itself (YARP's forwarder step is not reached), so steps added after it see only other clusters.
    /// Add your own steps before it.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseFulcrum(this IReverseProxyApplicationBuilder pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var recorder = pipeline.ApplicationServices.GetService<RetryStep>()
            ?? throw new InvalidOperationException("UseFulcrum needs services.AddReverseProxy().AddFulcrum() first.");
        pipeline.UseSessionAffinity();
        pipeline.UseLoadBalancing();
        // Records each request (each try, for clusters with retries) and retries failed tries where configured.
        // The (HttpContext, RequestDelegate) overload: the Func<Task> one allocates a closure and a delegate per request.
        pipeline.Use(recorder.InvokeAsync);
        return pipeline;
    }
}
