using System.Globalization;

namespace Fulcrum.Core.Config.Reading;

/// <summary><c>retries: { attempts: 2, budget: 20%, per-try-timeout: 2s, methods: idempotent, retry-on: [...] }</c>.</summary>
internal static class RetryReader
{
    private static readonly string[] MethodNames = ["idempotent", "safe"];

    /// <param name="cluster">The cluster's settings.</param>
    /// <param name="requestTimeout">The cluster's <c>timeouts.request</c>, which a per-try timeout must be shorter than.</param>
    public static RetryConfig? Read(MapReader cluster, TimeSpan? requestTimeout)
    {
        if (cluster.Section("retries", ConfigKeys.Retries) is not { } map)
        {
            return null;
        }
        var attempts = map.Int("attempts", 1, RetryConfig.MaxAttempts) ?? RetryConfig.DefaultAttempts;
        var budget = ReadBudget(map) ?? RetryConfig.DefaultBudget;
        var perTry = map.Duration("per-try-timeout");
        if (perTry is { } tryTimeout && requestTimeout is { } request && tryTimeout >= request)
        {
            map.Fail("per-try-timeout", PerTryNotShorterMessage(tryTimeout, request));
            perTry = null;
        }
        var methods = map.Choice("methods", MethodNames) == "safe" ? RetryMethods.Safe : RetryMethods.Idempotent;
        return new RetryConfig(attempts, budget, perTry, methods) { On = ReadOn(map) ?? RetryOn.Default };
    }

    /// <summary>
    /// Why a per-try timeout must be shorter than <c>timeouts.request</c>: both are idle timeouts, and on a retrying
    /// cluster each try's is the per-try one, in place of the request's. One as long or longer would be no per-try
    /// timeout at all (no try is cut short to be retried) and would set aside the request timeout that was written.
    /// </summary>
    public static string PerTryNotShorterMessage(TimeSpan perTry, TimeSpan request) =>
        $"{Duration.Format(perTry)} is not shorter than timeouts.request ({Duration.Format(request)}): each try's idle timeout is the " +
        "per-try one, in place of timeouts.request, so no try would be cut short to be retried and the request timeout would not apply. " +
        "Make it shorter than timeouts.request (a few tries should fit in it), or remove it";

    /// <summary>A list of <see cref="RetryOnNames"/> words, e.g. <c>[connect-failure, reset, 5xx]</c>.</summary>
    private static RetryOn? ReadOn(MapReader map)
    {
        if (map["retry-on"] is not { } node)
        {
            return null;
        }
        var allowed = string.Join(", ", RetryOnNames.All);
        var path = map.PathOf("retry-on");
        var items = map.Context.List(node, path, allowed);
        var on = RetryOn.None;
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (Values.String(map.Context, items[i], at, allowed) is not { } word)
            {
                continue;
            }
            if (RetryOnNames.TryParse(word, out var flag))
            {
                on |= flag;
            }
            else
            {
                map.Context.Error(items[i], at, $"'{word}' is not allowed; allowed: {allowed}");
            }
        }
        if (node is Yaml.ListNode { Items.Count: 0 })
        {
            map.Fail("retry-on", $"an empty list retries nothing; remove retries instead, or list some of: {allowed}");
        }
        return on;
    }

    /// <summary>A percentage (<c>20%</c>) or a fraction (<c>0.2</c>), above 0 and at most 100 %.</summary>
    private static double? ReadBudget(MapReader map)
    {
        const string Allowed = "a percentage above 0 and at most 100 %, e.g. 20% (or the fraction 0.2)";
        if (map.String("budget", Allowed) is not { } text)
        {
            return null;
        }
        var trimmed = text.Trim();
        var percent = trimmed.EndsWith('%');
        var number = percent ? trimmed[..^1].TrimEnd() : trimmed;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            map.Fail("budget", $"expected {Allowed}; got '{text}'");
            return null;
        }
        var fraction = percent ? value / 100 : value;
        if (fraction is <= 0 or > 1)
        {
            map.Fail("budget", $"{text} is outside (0, 100 %]; the budget is the share of requests that may be retries, e.g. 20%");
            return null;
        }
        return fraction;
    }
}
