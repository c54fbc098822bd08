using System.Globalization;
using Fulcrum.Core.Balancing;

namespace Fulcrum.Proxy;

/// <summary>Typed reads of one metadata dictionary; each bad value is one problem and reads as absent.</summary>
internal sealed class MetadataValues(IReadOnlyDictionary<string, string>? values, string at, List<YarpConfigReader.Problem> problems)
{
    public string? Text(string key) => values is not null && values.TryGetValue(key, out var text) ? text : null;

    public void Fail(string key, string message) => problems.Add(new YarpConfigReader.Problem($"{at}:{key}", message));

    /// <summary>One problem for each of <paramref name="keys"/> that is set.</summary>
    public void FailEach(IEnumerable<string> keys, string message)
    {
        foreach (var key in keys.Where(k => Text(k) is not null))
        {
            Fail(key, message);
        }
    }

    /// <summary>
    /// A <c>Fulcrum.</c> key Fulcrum does not read (a typo, a key of another level, another spelling of case than the
    /// dictionary finds) is a problem: accepted silently it would leave its default in force.
    /// </summary>
    public void CheckKeys(IReadOnlyList<string> known)
    {
        foreach (var key in values?.Keys ?? [])
        {
            if (!key.StartsWith(BalancingPolicy.NamePrefix, StringComparison.OrdinalIgnoreCase) || known.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }
            var same = known.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            if (same is not null && values!.ContainsKey(same))
            {
                continue;
            }
            problems.Add(new YarpConfigReader.Problem($"{at}:{key}", same is not null
                ? $"is not read; write it as {same}"
                : $"is not a Fulcrum setting here, so it would have no effect; known keys here: {string.Join(", ", known)}"));
        }
    }

    /// <summary>A file path; a relative one resolved against <paramref name="baseDirectory"/>, as the live connection does.</summary>
    public string? FilePath(string key, string? baseDirectory)
    {
        if (Text(key) is not { } text)
        {
            return null;
        }
        if (BackendTlsMetadata.ResolvePath(text, baseDirectory) is { } path)
        {
            return path;
        }
        Fail(key, $"'{text}' is not a usable file path; give a PEM file");
        return null;
    }

    public int? Int(string key, int min, int max)
    {
        if (Text(key) is not { } text)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        Fail(key, $"'{text}' is not allowed; give an integer from {min} to {max}");
        return null;
    }

    public double? Double(string key, double exclusiveMin)
    {
        if (Text(key) is not { } text)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > exclusiveMin)
        {
            return value;
        }
        Fail(key, $"'{text}' is not allowed; give a number above {exclusiveMin.ToString(CultureInfo.InvariantCulture)}");
        return null;
    }

    public TimeSpan? Duration(string key)
    {
        if (Text(key) is not { } text)
        {
            return null;
        }
        if (Core.Config.Duration.TryParse(text, out var value, out var error))
        {
            return value;
        }
        Fail(key, error);
        return null;
    }
}
