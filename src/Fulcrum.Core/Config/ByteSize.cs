using System.Globalization;
using System.Text.RegularExpressions;

namespace Fulcrum.Core.Config;

/// <summary>
/// Sizes as the config writes them: a whole number and a unit, <c>512B</c>, <c>32KB</c>, <c>30MB</c>, <c>1GB</c>.
/// Units are powers of 1024, as in NGINX's <c>client_max_body_size 30m</c>, so 32KB is Kestrel's 32,768 bytes.
/// </summary>
public static partial class ByteSize
{
    public const string Allowed = "a whole number with a unit B, KB, MB or GB (powers of 1024), e.g. 32KB or 30MB";

    public static bool TryParse(string text, out long bytes, out string error)
    {
        bytes = 0;
        error = "";
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            error = $"'{text}' is not a size; expected {Allowed}";
            return false;
        }
        var shift = match.Groups["unit"].Value.ToUpperInvariant() switch
        {
            "KB" => 10,
            "MB" => 20,
            "GB" => 30,
            _ => 0,
        };
        if (!long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > (long.MaxValue >> shift))
        {
            error = $"'{text}' is too large; expected {Allowed}";
            return false;
        }
        bytes = n << shift;
        return true;
    }

    [GeneratedRegex("^(?<n>[0-9]+)(?<unit>B|KB|MB|GB)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
