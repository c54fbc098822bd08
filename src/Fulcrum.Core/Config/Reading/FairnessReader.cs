namespace Fulcrum.Core.Config.Reading;

/// <summary><c>fairness: { window, tolerance, min-requests, for }</c>; absent keys take <see cref="FairnessConfig.Default"/>.</summary>
internal static class FairnessReader
{
    public static FairnessConfig Read(ReadContext ctx, Yaml.ConfigNode? node)
    {
        var defaults = FairnessConfig.Default;
        if (node is null || ctx.Map(node, "fairness", ConfigKeys.Fairness) is not { } map)
        {
            return defaults;
        }
        var tolerance = map.Number("tolerance", "a fraction between 0 and 1 (exclusive), e.g. 0.2 for 20 %");
        if (tolerance is <= 0 or >= 1)
        {
            map.Fail("tolerance", $"{tolerance} is outside (0, 1); tolerance is the relative deviation from the expected share that counts as skew, e.g. 0.2 for 20 %");
            tolerance = null;
        }
        return new FairnessConfig(
            map.Duration("window") ?? defaults.Window,
            tolerance ?? defaults.Tolerance,
            map.Int("min-requests", min: 1) ?? defaults.MinRequests,
            map.Duration("for", allowZero: true) ?? defaults.For);
    }
}
