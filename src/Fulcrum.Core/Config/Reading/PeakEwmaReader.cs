namespace Fulcrum.Core.Config.Reading;

/// <summary><c>peak-ewma: { choices, parallelism, cost: load | expected-delay }</c>: allowed only with <c>policy: peak-ewma</c>.</summary>
internal static class PeakEwmaReader
{

    public static PeakEwmaConfig Read(MapReader cluster, PolicyKind? policy)
    {
        if (cluster.Section("peak-ewma", ConfigKeys.PeakEwma) is not { } map)
        {
            return PeakEwmaConfig.Default;
        }
        if (policy is { } kind && kind != PolicyKind.PeakEwma)
        {
            cluster.Fail("peak-ewma", $"'peak-ewma' holds settings of policy peak-ewma, but the policy is {Policies.Name(kind)}; remove 'peak-ewma' or set policy: peak-ewma");
        }
        return new PeakEwmaConfig(
            map.Int("choices", 2, PeakEwmaConfig.MaxChoices) ?? PeakEwmaConfig.DefaultChoices,
            map.Int("parallelism", 1, PeakEwmaConfig.MaxParallelism) ?? PeakEwmaConfig.DefaultParallelism,
            PeakEwmaConfig.ParseCost(map.Choice("cost", PeakEwmaConfig.CostNames)) ?? PeakEwmaCost.Load);
    }
}
