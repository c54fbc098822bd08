using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// Names the user chooses (routes, clusters, destinations, receivers) end up in metric labels, URLs and
/// dotted source paths (<c>clusters.web.destinations.a</c>), so they stay plain: no dots, no spaces, nothing a
/// terminal or a log parser would read as markup, and at most <see cref="ConfigLimits.MaxNameLength"/> long.
/// </summary>
internal static class Names
{
    public const string Allowed = "names start with a letter or digit and use only letters, digits, '-' and '_'";

    public static bool IsValid(string name) =>
        name.Length > 0
        && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Null for a good name; otherwise what is wrong with it (too long, or a character outside the set), quoted safely.</summary>
    public static string? Problem(string name, string what, int maxLength) =>
        name.Length > maxLength
            ? $"a {what} name of {name.Length} characters is longer than the limit of {maxLength} (ConfigLimits.MaxNameLength): {SafeText.Quote(name)}"
            : IsValid(name) ? null : $"{SafeText.Quote(name)} is not a valid {what} name; {Allowed}";
}
