namespace Fulcrum.Core.Config.Reading;

/// <summary><c>affinity: { mode: cookie | header, ttl, failure: redistribute | reject }</c>.</summary>
internal static class AffinityReader
{
    private static readonly string[] Modes = ["cookie", "header"];
    private static readonly string[] Failures = ["redistribute", "reject"];

    public static AffinityConfig? Read(MapReader cluster)
    {
        if (cluster.Section("affinity", ConfigKeys.Affinity) is not { } map)
        {
            return null;
        }
        var mode = map.Choice("mode", Modes) == "header" ? AffinityMode.Header : AffinityMode.Cookie;
        var failure = map.Choice("failure", Failures) == "reject" ? AffinityFailure.Reject : AffinityFailure.Redistribute;
        return new AffinityConfig(mode, map.Duration("ttl"), failure);
    }
}
