using System.Text.RegularExpressions;
using Fulcrum.Core.Tests.Config;

namespace Fulcrum.Core.Tests.Docs;

/// <summary>
/// Users clone the repository alone, so its Markdown must not point outside it: no link leaves the repository,
/// every linked file and heading exists, and nothing refers to the team's design notes (<c>../shared</c>,
/// <c>DESIGN.md</c>), which are not shipped.
/// </summary>
public partial class DocLinkTests
{
    /// <summary>Pages written on other branches that the docs already link to; remove an entry once the page is merged.</summary>
    private static readonly string[] PendingPages = ["docs/limits.md"];

    private static readonly string Root = Path.GetDirectoryName(Path.GetDirectoryName(RepoFiles.Find("schema/fulcrum.schema.json")))!;

    public static TheoryData<string> MarkdownFiles() => new(FindMarkdown());

    [Fact]
    public void The_docs_are_found()
    {
        var files = FindMarkdown();

        Assert.Contains("README.md", files);
        Assert.Contains("docs/configuration.md", files);
        Assert.Contains("docs/admin-api.md", files);
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Nothing_refers_to_the_design_notes_outside_the_repository(string file)
    {
        var text = File.ReadAllText(Path.Combine(Root, file));

        Assert.DoesNotContain("../shared", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DESIGN.md", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Every_relative_link_stays_in_the_repository_and_resolves(string file)
    {
        var problems = new List<string>();
        foreach (var (target, line) in Links(Path.Combine(Root, file)))
        {
            if (UriScheme().IsMatch(target))
            {
                continue; // http:, https:, mailto: … are outside by design
            }
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var path = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var full = path.Length == 0
                ? Path.Combine(Root, file)
                : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.Combine(Root, file))!, Uri.UnescapeDataString(path)));
            var relative = Path.GetRelativePath(Root, full).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) || Path.IsPathRooted(path))
            {
                problems.Add($"line {line}: ({target}) points outside the repository");
                continue;
            }
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                if (!PendingPages.Contains(relative))
                {
                    problems.Add($"line {line}: ({target}) does not exist");
                }
                continue;
            }
            if (anchor is not null && full.EndsWith(".md", StringComparison.Ordinal) && !HeadingSlugs(full).Contains(anchor))
            {
                problems.Add($"line {line}: ({target}) names no heading of {relative}");
            }
        }

        Assert.True(problems.Count == 0, $"{file}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    private static string[] FindMarkdown() =>
        Directory.EnumerateFiles(Root, "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj" or "node_modules" || part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Inline link targets outside code fences and code spans, with their line numbers.</summary>
    private static IEnumerable<(string Target, int Line)> Links(string path)
    {
        var inFence = false;
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }
            if (inFence)
            {
                continue;
            }
            foreach (Match link in InlineLink().Matches(CodeSpan().Replace(lines[i], "")))
            {
                yield return (link.Groups["target"].Value, i + 1);
            }
        }
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces to '-', repeats numbered -1, -2, ….</summary>
    private static HashSet<string> HeadingSlugs(string path)
    {
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }
            if (inFence || Heading().Match(line) is not { Success: true } heading)
            {
                continue;
            }
            var slug = new string(heading.Groups["text"].Value.Trim().ToLowerInvariant()
                .Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').ToArray()).Replace(' ', '-');
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            slugs.Add(count == 0 ? slug : $"{slug}-{count}");
        }
        return slugs;
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+)$")]
    private static partial Regex Heading();
}
