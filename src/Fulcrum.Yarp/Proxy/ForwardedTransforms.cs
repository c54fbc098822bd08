using Fulcrum.Core.Config;

namespace Fulcrum.Proxy;

/// <summary>
/// <c>forwarded</c> as YARP's own route transforms (the same entries an embedding app would write in its
/// appsettings), so YARP builds and appends the headers; Fulcrum only chooses the actions.
/// </summary>
internal static class ForwardedTransforms
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> For(ForwardedConfig forwarded)
    {
        var action = forwarded.Mode == ForwardedMode.Append ? "Append" : "Set";
        var transforms = new List<IReadOnlyDictionary<string, string>>();
        if (forwarded.XForwarded)
        {
            transforms.Add(new Dictionary<string, string> { ["X-Forwarded"] = action });
        }
        else if (forwarded.Mode == ForwardedMode.Set)
        {
            // Set means the backend hears only from Fulcrum: what a client wrote in X-Forwarded-* is dropped.
            transforms.Add(new Dictionary<string, string> { ["X-Forwarded"] = "Remove" });
        }
        if (forwarded.Rfc7239)
        {
            // "for" as the plain address, like X-Forwarded-For (YARP's default is an obfuscated identifier).
            transforms.Add(new Dictionary<string, string> { ["Forwarded"] = "for,proto,host", ["Action"] = action, ["ForFormat"] = "Ip" });
        }
        else if (forwarded.Mode == ForwardedMode.Set)
        {
            transforms.Add(new Dictionary<string, string> { ["RequestHeaderRemove"] = "Forwarded" });
        }
        if (forwarded.Host == ForwardedHost.Pass)
        {
            transforms.Add(new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" });
        }
        return transforms;
    }
}
