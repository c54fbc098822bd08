namespace Fulcrum.Core.Tests.Config;

/// <summary>Finds files of the repository (samples/, schema/) from the test's output folder.</summary>
internal static class RepoFiles
{
    /// <summary>The full path of <paramref name="relativePath"/> (a file or folder) in the nearest ancestor that has it.</summary>
    public static string Find(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"{relativePath} not found above {AppContext.BaseDirectory}");
    }
}
