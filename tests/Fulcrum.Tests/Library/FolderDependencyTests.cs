using System.Text.RegularExpressions;
using Fulcrum.Tests.Deploy;

namespace Fulcrum.Tests.Library;

/// <summary>
/// The host's folders form layers: no folder of the library or the executable depends, directly or through others,
/// on a folder that depends on it. Read from the source: a file depends on a sibling folder when it imports its
/// namespace (<c>using Fulcrum.Proxy;</c>) or names a type through it (<c>Proxy.ClusterRegistry</c>).
/// </summary>
public sealed partial class FolderDependencyTests
{
    [Theory]
    [InlineData("src/Fulcrum.Yarp")]
    [InlineData("src/Fulcrum")]
    public void No_folder_depends_on_itself_through_others(string project)
    {
        var root = Path.Combine(RepositoryRoot.Path, project);
        var folders = Directory.GetDirectories(root)
            .Select(Path.GetFileName)
            .Where(f => f is not ("bin" or "obj" or "wwwroot"))
            .Select(f => f!)
            .ToArray();
        Assert.True(folders.Length >= 3, $"{project}: too few folders found; the scan is looking in the wrong place");
        var edges = folders.ToDictionary(f => f, _ => new HashSet<string>());
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            {
                var text = File.ReadAllText(file);
                foreach (var other in folders.Where(o => o != folder))
                {
                    var named = new Regex($@"(using\s+Fulcrum\.{other};)|((?<![\w.])(Fulcrum\.)?{other}\.[A-Z])");
                    if (named.IsMatch(text))
                    {
                        edges[folder].Add(other);
                    }
                }
            }
        }

        var cycle = FindCycle(edges);

        Assert.True(cycle is null, $"{project}: folders depend on each other in a cycle: {string.Join(" → ", cycle ?? [])}");
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> edges)
    {
        var state = edges.Keys.ToDictionary(k => k, _ => 0); // 0 new, 1 on the path, 2 done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges[node])
            {
                if (state[next] == 1)
                {
                    return [.. path.SkipWhile(p => p != next), next];
                }
                if (state[next] == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (var node in edges.Keys)
        {
            if (state[node] == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }
        return null;
    }
}
