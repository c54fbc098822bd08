namespace Fulcrum.Proxy;

/// <summary>
/// The folder relative file paths in an app's configuration resolve against: the host's content root (where
/// appsettings.json is read from), or the current directory without a host. One value for the TLS files in YARP
/// metadata and the <c>Fulcrum</c> section's journal path, so the live proxy, its audit and the journal agree.
/// </summary>
internal sealed record ContentRoot(string Path);
