namespace Fulcrum.Core.Tests.Audit;

/// <summary>Finds files of the repository (docs, samples) from the test binaries' folder.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fulcrum.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Fulcrum.sln above {AppContext.BaseDirectory}");
    }
}
