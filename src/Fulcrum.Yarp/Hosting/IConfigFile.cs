namespace Fulcrum.Hosting;

/// <summary>
/// Where the serving config's file is on disk, for the live audit's drift check (FUL027). The executable registers
/// its <c>-c</c> file; an embedding app may register one, and without one the drift check stays silent.
/// </summary>
internal interface IConfigFile
{
    /// <summary>The file's path, or null when the serving config has no file.</summary>
    string? Path { get; }
}
