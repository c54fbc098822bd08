namespace Fulcrum.Tests.Support;

/// <summary>Reads the postmortem's Markdown by section, as a reviewer would.</summary>
internal static class MarkdownSections
{
    /// <summary>The text from a heading ("## Summary") to the next heading of the same or higher level.</summary>
    public static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{heading}' in:\n{markdown}");
        var next = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return next < 0 ? markdown[start..] : markdown[start..next];
    }
}
