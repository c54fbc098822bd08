using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary>"Did you mean" hints for misspelled keys and values.</summary>
internal static class KeySuggestions
{
    /// <summary>
    /// Edit-distance cells one search may compute (well under a millisecond). Against 10,000 long cluster names a full
    /// search would take seconds per error; a hint found within the budget is as good, and none is fine.
    /// </summary>
    private const long Budget = 100_000;

    public static string UnknownKey(string key, IReadOnlyList<string> allowed)
    {
        var closest = Closest(key, allowed);
        return closest is null
            ? $"unknown key {SafeText.Quote(key)}; allowed keys here: {string.Join(", ", allowed)}"
            : $"unknown key {SafeText.Quote(key)}; did you mean '{closest}'? Allowed keys here: {string.Join(", ", allowed)}";
    }

    /// <summary>The allowed word nearest to <paramref name="word"/>, if it is near enough to be a likely typo.</summary>
    public static string? Closest(string word, IEnumerable<string> allowed)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var lower = word.ToLowerInvariant();
        // A third of the length (at least 2) catches typos and snake_case/camelCase slips, not unrelated words.
        var limit = Math.Max(2, word.Length / 3);
        var budget = Budget;
        foreach (var candidate in allowed)
        {
            // Every candidate costs at least a pass over the word; the budget bounds the search however many there are.
            budget -= word.Length + 1;
            if (budget < 0)
            {
                break;
            }
            if (SameIgnoringSeparators(word, candidate))
            {
                return candidate;
            }
            // The distance is at least the difference in length, so such a candidate can never be near enough.
            if (Math.Abs(candidate.Length - word.Length) > limit)
            {
                continue;
            }
            budget -= (long)word.Length * candidate.Length;
            if (budget < 0)
            {
                break;
            }
            var distance = Distance(lower, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        return bestDistance <= limit ? best : null;
    }

    /// <summary>Equal ignoring case, '-' and '_' (max_ejected_percent, maxEjectedPercent), without allocating.</summary>
    private static bool SameIgnoringSeparators(string a, string b)
    {
        int i = 0, j = 0;
        while (true)
        {
            while (i < a.Length && a[i] is '-' or '_')
            {
                i++;
            }
            while (j < b.Length && b[j] is '-' or '_')
            {
                j++;
            }
            if (i == a.Length || j == b.Length)
            {
                return i == a.Length && j == b.Length;
            }
            if (char.ToLowerInvariant(a[i]) != char.ToLowerInvariant(b[j]))
            {
                return false;
            }
            i++;
            j++;
        }
    }

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
