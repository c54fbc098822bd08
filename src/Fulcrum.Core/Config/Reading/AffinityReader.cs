namespace Fulcrum.Core.Config.Reading;

/// <summary><c>affinity: { mode: cookie | header, ttl, failure: redistribute | reject }</c>.</summary>
internal static class AffinityReader
{
    private static readonly string[] Modes = ["cookie", "header"];
    private static readonly string[] Failures = ["redistribute", "reject"];

    /// <summary>
    /// Why <c>ttl</c> is refused with <c>mode: header</c>: YARP's header affinity (CustomHeader) carries only the
    /// protected destination id, with no time in it and no expiry on the client's side, so a ttl there would be
    /// accepted and never applied — the audit (FUL008) would judge an expiring affinity that never expires.
    /// </summary>
    public const string HeaderTtlMessage =
        "'ttl' applies only to mode: cookie (it is the affinity cookie's expiry); header affinity never expires, " +
        "so a ttl here would have no effect. Remove 'ttl', or use mode: cookie";

    public static AffinityConfig? Read(MapReader cluster)
    {
        if (cluster.Section("affinity", ConfigKeys.Affinity) is not { } map)
        {
            return null;
        }
        var mode = map.Choice("mode", Modes) == "header" ? AffinityMode.Header : AffinityMode.Cookie;
        var failure = map.Choice("failure", Failures) == "reject" ? AffinityFailure.Reject : AffinityFailure.Redistribute;
        var ttl = map.Duration("ttl");
        if (mode == AffinityMode.Header && ttl is not null)
        {
            map.Fail("ttl", HeaderTtlMessage);
            ttl = null;
        }
        return new AffinityConfig(mode, ttl, failure);
    }
}
