namespace Fulcrum.Core.Config.Reading;

/// <summary>"Did you mean" hints for misspelled keys and values.</summary>
internal static class KeySuggestions
{
    public static string UnknownKey(string key, IReadOnlyList<string> allowed)
    {
        var closest = Closest(key, allowed);
        return closest is null
            ? $"unknown key '{key}'; allowed keys here: {string.Join(", ", allowed)}"
            : $"unknown key '{key}'; did you mean '{closest}'? Allowed keys here: {string.Join(", ", allowed)}";
    }

    /// <summary>The allowed word nearest to <paramref name="word"/>, if it is near enough to be a likely typo.</summary>
    public static string? Closest(string word, IEnumerable<string> allowed)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in allowed)
        {
            var distance = Distance(word.ToLowerInvariant(), candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        // A third of the length (at least 2) catches typos and snake_case/camelCase slips, not unrelated words.
        var limit = Math.Max(2, word.Length / 3);
        return bestDistance <= limit || (best is not null && Normalize(word) == Normalize(best)) ? best : null;
    }

    private static string Normalize(string s) => s.Replace("-", "").Replace("_", "").ToLowerInvariant();

    /// <summary>Levenshtein edit distance, two rows.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
