using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Transforms;

namespace Fulcrum.Proxy.Paths;

/// <summary>
/// Sends the backend the client's own request target (<see cref="RawTargetPath"/>) instead of YARP's re-encoding of
/// the decoded path. YARP builds the destination address only when no transform has set one, so setting
/// <c>ProxyRequest.RequestUri</c> here is the documented way to replace it.
/// </summary>
internal sealed class RawTargetTransform(bool normalize) : RequestTransform
{
    public bool Normalize { get; } = normalize;

    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        var request = context.HttpContext.Request;
        // A path transform that ran before this one decided the path: YARP renders it.
        if (!string.Equals(context.Path.Value, request.Path.Value, StringComparison.Ordinal))
        {
            return default;
        }
        var rawTarget = context.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (RawTargetPath.Build(rawTarget, request.PathBase.Value, Normalize) is { } pathAndQuery)
        {
            context.ProxyRequest.RequestUri = RawTargetPath.Address(context.DestinationPrefix, pathAndQuery);
        }
        return default;
    }
}
