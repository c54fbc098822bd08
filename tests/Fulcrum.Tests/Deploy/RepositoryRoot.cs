namespace Fulcrum.Tests.Deploy;

/// <summary>The checkout the tests were built from: the first folder above the test output holding Fulcrum.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Fulcrum.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Fulcrum.sln above {AppContext.BaseDirectory}");
    }
}
