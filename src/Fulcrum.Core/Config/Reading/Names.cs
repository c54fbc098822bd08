namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// Names the user chooses (routes, clusters, destinations, receivers) end up in metric labels, URLs and
/// dotted source paths (<c>clusters.web.destinations.a</c>), so they stay plain: no dots, no spaces.
/// </summary>
internal static class Names
{
    public const string Allowed = "names start with a letter or digit and use only letters, digits, '-' and '_'";

    public static bool IsValid(string name) =>
        name.Length > 0
        && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
