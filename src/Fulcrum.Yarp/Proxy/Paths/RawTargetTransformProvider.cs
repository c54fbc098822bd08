using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Fulcrum.Proxy.Paths;

/// <summary>
/// Gives every route a <see cref="RawTargetTransform"/>, so paths reach backends as the client sent them, unless the
/// route rewrites its path or query itself (YARP's <c>Path*</c> and <c>Query*</c> transforms): a rewritten path is
/// not the client's, and YARP renders it. The route's <see cref="FulcrumMetadata.Path"/> picks the mode.
/// </summary>
internal sealed partial class RawTargetTransformProvider(ILogger<RawTargetTransformProvider> logger) : ITransformProvider
{
    public const string AsReceived = "as-received";
    public const string Normalized = "normalized";

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (RewritesTarget(context))
        {
            return;
        }
        context.RequestTransforms.Add(new RawTargetTransform(Normalizes(context.Route.RouteId, context.Route.Metadata)));
    }

    private bool Normalizes(string routeId, IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue(FulcrumMetadata.Path, out var mode) || string.Equals(mode, AsReceived, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (string.Equals(mode, Normalized, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        // Like every Fulcrum metadata key: a bad value is one error line and the default, and the app keeps serving.
        LogBadMode(logger, routeId, FulcrumMetadata.Path, Core.Text.SafeText.Bound(mode, 100));
        return false;
    }

    private static bool RewritesTarget(TransformBuilderContext context) =>
        context.Route.Transforms?.Any(t => t.Keys.Any(IsTargetKey)) == true
        || context.RequestTransforms.Any(t => IsTargetKey(t.GetType().Name));

    // YARP's PathPrefix, PathRemovePrefix, PathSet, PathPattern, Query*; and their transform classes (PathStringTransform, ...).
    private static bool IsTargetKey(string name) =>
        name.StartsWith("Path", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Query", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Error, Message = "route {RouteId}: Metadata {Key} = {Value} is not as-received or normalized; using as-received")]
    private static partial void LogBadMode(ILogger logger, string routeId, string key, string value);
}
