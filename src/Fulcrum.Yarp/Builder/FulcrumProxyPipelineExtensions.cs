using Fulcrum.Recording;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>app.MapReverseProxy(p => p.UseFulcrum())</c>.</summary>
public static class FulcrumProxyPipelineExtensions
{
    /// <summary>
    /// The proxy pipeline with Fulcrum: YARP's session affinity and load balancing (where Fulcrum's policies pick),
    /// then Fulcrum's retry step; and it turns on Fulcrum's recording in the forwarder, which counts every request
    /// on its destination and feeds passive ejection, peak EWMA, the distribution monitor and the metrics. It
    /// replaces YARP's passive health step, which counts transport failures only: Fulcrum's ejection counts 5xx too.
    /// Clusters with <c>retries</c> are forwarded by that step itself (YARP's forwarder step is not reached), so
    /// steps added after it see only other clusters. Add your own steps before it: a request is recorded from when
    /// it is handed to the forwarder to when the forward ends, so a step after it that answers by itself is not.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseFulcrum(this IReverseProxyApplicationBuilder pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var step = pipeline.ApplicationServices.GetService<RetryStep>()
            ?? throw new InvalidOperationException("UseFulcrum needs services.AddReverseProxy().AddFulcrum() first.");
        if (pipeline.ApplicationServices.GetService<IHttpForwarder>() is not RequestRecorder recorder)
        {
            throw new InvalidOperationException(
                "UseFulcrum records through the IHttpForwarder that AddFulcrum() wraps, but it was replaced after AddFulcrum(): register your own forwarder before AddFulcrum().");
        }
        // Each request (each try, for clusters with retries) is recorded where YARP forwards it.
        recorder.Enabled = true;
        pipeline.UseSessionAffinity();
        pipeline.UseLoadBalancing();
        // Retries failed tries where configured. The (HttpContext, RequestDelegate) overload: the Func<Task> one
        // allocates a closure and a delegate per request.
        pipeline.Use(step.InvokeAsync);
        return pipeline;
    }
}
