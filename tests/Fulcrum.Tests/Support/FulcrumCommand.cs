using System.Diagnostics;

namespace Fulcrum.Tests.Support;

/// <summary>
/// What the process tests run as <c>fulcrum</c>: by default <c>dotnet fulcrum.dll</c> built next to the tests; with
/// <c>FULCRUM_EXE</c> set, that executable instead (a single-file or Native AOT publish), so the same tests check a
/// published build: <c>FULCRUM_EXE=DIR/fulcrum dotnet test tests/Fulcrum.Tests --filter ...</c> (bench/aot/run.sh).
/// </summary>
internal static class FulcrumCommand
{
    public static string? Executable =>
        Environment.GetEnvironmentVariable("FULCRUM_EXE") is { Length: > 0 } exe ? Path.GetFullPath(exe) : null;

    /// <summary>
    /// Makes <paramref name="info"/> run fulcrum: as its FileName, or, with <paramref name="viaLauncher"/>, as the next
    /// argument of the launcher it already names (<c>env --default-signal=HUP</c>).
    /// </summary>
    public static void Apply(ProcessStartInfo info, bool viaLauncher = false)
    {
        var program = Executable ?? "dotnet";
        if (viaLauncher)
        {
            info.ArgumentList.Add(program);
        }
        else
        {
            info.FileName = program;
        }
        if (Executable is null)
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fulcrum.dll"));
        }
    }
}
