using System.Text.RegularExpressions;
using Fulcrum.Core.Tests.Config;

namespace Fulcrum.Core.Tests.Docs;

/// <summary>
/// docs/admin-api.md must document every route the admin app maps, and no other. The routes are read from the
/// source: every <c>MapGet</c>/<c>MapPost</c>/… (and <c>MapMetrics</c>) call with a literal path in a C# file
/// under a folder named <c>Admin</c> anywhere in <c>src/</c>, so the test follows the admin code when it moves.
/// The page's convention: each endpoint is a heading whose text is <c>`METHOD /path`</c>.
/// </summary>
public partial class AdminApiDocTests
{
    private const string Page = "docs/admin-api.md";

    private static readonly IReadOnlyList<Endpoint> Mapped = ReadMappedRoutes();
    private static readonly IReadOnlyList<Endpoint> Documented = ReadDocumentedEndpoints();

    public static TheoryData<string> MappedRoutes() => new(Mapped.Select(e => e.ToString()).Distinct().Order(StringComparer.Ordinal));

    [Fact]
    public void The_admin_source_is_found_and_maps_routes()
    {
        // Guards the other tests against passing on nothing when the admin code moves or changes its style.
        Assert.True(Mapped.Count >= 10, $"only {Mapped.Count} admin routes found: {string.Join(", ", Mapped)}");
        Assert.Contains(new Endpoint("POST", "/api/config"), Mapped);
        Assert.Contains(new Endpoint("GET", "/metrics"), Mapped);
    }

    [Theory]
    [MemberData(nameof(MappedRoutes))]
    public void Every_mapped_route_is_documented(string route)
    {
        var documented = Documented.Any(e => e.ToString() == route);

        Assert.True(documented, $"{Page} has no heading `{route}`; document the endpoint (auth, request, response, status codes, curl)");
    }

    [Fact]
    public void The_page_documents_no_route_that_is_not_mapped()
    {
        Assert.NotEmpty(Documented);
        var stale = Documented.Where(e => !Mapped.Contains(e)).Select(e => e.ToString()).ToArray();

        Assert.True(stale.Length == 0, $"{Page} documents endpoints the admin app does not map: {string.Join(", ", stale)}");
    }

    [Fact]
    public void Each_route_is_documented_once()
    {
        var repeated = Documented.GroupBy(e => e).Where(g => g.Count() > 1).Select(g => g.Key.ToString()).ToArray();

        Assert.True(repeated.Length == 0, $"{Page} documents endpoints more than once: {string.Join(", ", repeated)}");
    }

    internal sealed record Endpoint(string Method, string Path)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private static List<Endpoint> ReadMappedRoutes()
    {
        var src = RepoFiles.Find("src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(src, f).Split(Path.DirectorySeparatorChar).Contains("Admin"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var endpoints = new List<Endpoint>();
        foreach (var file in files)
        {
            foreach (Match match in MapCall().Matches(File.ReadAllText(file)))
            {
                var verb = match.Groups["verb"].Value;
                var method = verb == "Metrics" ? "GET" : verb.ToUpperInvariant();
                endpoints.Add(new Endpoint(method, match.Groups["path"].Value));
            }
        }
        return endpoints;
    }

    private static List<Endpoint> ReadDocumentedEndpoints()
    {
        var endpoints = new List<Endpoint>();
        var inFence = false;
        foreach (var line in File.ReadAllLines(RepoFiles.Find(Page)))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }
            if (!inFence && EndpointHeading().Match(line) is { Success: true } heading)
            {
                endpoints.Add(new Endpoint(heading.Groups["method"].Value, heading.Groups["path"].Value));
            }
        }
        return endpoints;
    }

    [GeneratedRegex("""\.Map(?<verb>Get|Post|Put|Delete|Patch|Metrics)\(\s*"(?<path>/[^"]*)"\s*[,)]""")]
    private static partial Regex MapCall();

    [GeneratedRegex("""^#+\s+`(?<method>GET|POST|PUT|DELETE|PATCH) (?<path>/[^`\s]*)`\s*$""")]
    private static partial Regex EndpointHeading();
}
