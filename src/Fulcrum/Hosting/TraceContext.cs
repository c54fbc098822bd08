using Fulcrum.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Hosting;

/// <summary>
/// Trace context in the <c>fulcrum</c> executable: off unless <c>fulcrum run --tracing</c>. The executable has no
/// trace exporter, so by default it does not pay for tracing nobody records: ASP.NET starts an <c>Activity</c> per
/// request whenever its hosting diagnostics logger is on at any level (it is, at Warning), and HttpClient then
/// writes a new <c>traceparent</c> for every forwarded request. Off, neither happens and a client's own
/// <c>traceparent</c>/<c>tracestate</c> reach the destination unchanged, as through NGINX or HAProxy. An app that
/// embeds Fulcrum with <c>AddFulcrum()</c> keeps ASP.NET's and YARP's defaults; this is the executable's choice only.
/// </summary>
internal static class TraceContext
{
    /// <summary>The logger category whose being enabled makes ASP.NET create an Activity per request.</summary>
    public const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Call after <c>AddFulcrum()</c>, whose backend client factory this replaces.</summary>
    public static void TurnOff(WebApplicationBuilder builder)
    {
        // That category logs request start/finish at Information and Debug only, already filtered out at Warning.
        builder.Logging.AddFilter(HostingDiagnostics, LogLevel.None);
        // If a listener starts activities anyway (an attached profiler), HttpClient still leaves traceparent alone.
        builder.Services.Replace(ServiceDescriptor.Singleton<IForwarderHttpClientFactory>(sp =>
            new BackendHttpClientFactory(sp.GetRequiredService<ILogger<ForwarderHttpClientFactory>>(), propagateTraceContext: false)));
    }
}
