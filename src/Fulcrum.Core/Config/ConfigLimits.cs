namespace Fulcrum.Core.Config;

/// <summary>
/// Caps on what the config loader (and the scenario reader) accepts, so hostile or broken input — posted to the
/// admin API, reloaded, or passed to <c>fulcrum validate</c> — ends in a <see cref="ConfigError"/> instead of
/// exhausting the stack, memory or CPU of the proxy. Each default is far above any real config
/// (samples/fulcrum.yaml is 2 KB, 5 levels deep, about 200 nodes) and low enough that the worst input within
/// all caps loads in well under a second. Documented in docs/limits.md.
/// </summary>
public sealed record ConfigLimits
{
    /// <summary>The limits used unless a caller passes others.</summary>
    public static ConfigLimits Default { get; } = new();

    /// <summary>
    /// Largest config text, in UTF-8 bytes (default 4 MiB). Checked before parsing; a file is not read past it.
    /// 10,000 routes with their clusters take about 2 MB, so 4 MiB leaves room for comments.
    /// </summary>
    public int MaxBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Deepest nesting of mappings and lists (default 64), checked on each parser event before the reader goes a
    /// level deeper, so recursion is bounded whatever the text. The config itself is at most 6 levels deep.
    /// </summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// Most YAML nodes (scalars, mappings, lists) in the document, counting every alias as a full copy of what it
    /// names (default 200,000). Aliases are counted expanded because the readers walk them expanded: this is what
    /// stops a "billion laughs" of nested aliases. 10,000 routes in flow style need about 80,000.
    /// </summary>
    public int MaxNodes { get; init; } = 200_000;

    /// <summary>
    /// Longest scalar (a key or a value), in characters (default 8 KiB). URLs, paths and host names are far
    /// shorter; a longer value is a mistake or an attack, and would otherwise be copied into every message about it.
    /// </summary>
    public int MaxScalarLength { get; init; } = 8 * 1024;

    /// <summary>
    /// Longest name of a route, cluster, destination or receiver (default 256). Names become metric labels,
    /// journal rows and URL segments, where 256 is already generous.
    /// </summary>
    public int MaxNameLength { get; init; } = 256;

    /// <summary>Most routes (default 10,000): a route table beyond that belongs in generated config split across proxies.</summary>
    public int MaxRoutes { get; init; } = 10_000;

    /// <summary>Most clusters (default 10,000); each gets its own picker, fairness monitor and metrics series.</summary>
    public int MaxClusters { get; init; } = 10_000;

    /// <summary>
    /// Most destinations in one cluster (default 10,000). Pickers build per-cluster tables (a Maglev table, a
    /// round-robin cycle) whose size grows with this.
    /// </summary>
    public int MaxDestinationsPerCluster { get; init; } = 10_000;

    /// <summary>
    /// Longest duration any setting takes (default 24 days). Durations feed .NET timers and timeouts, and
    /// <c>HttpClient.Timeout</c> and <c>CancellationTokenSource.CancelAfter</c> refuse more than
    /// <c>int.MaxValue</c> milliseconds (24.8 days); a larger value would pass validation and fail at run time.
    /// </summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromDays(24);

    /// <summary>
    /// Most errors reported for one load (default 200); past it the rest are counted in one last error. Nobody
    /// reads more, and each error costs a "did you mean" search.
    /// </summary>
    public int MaxErrors { get; init; } = 200;
}
