namespace Fulcrum.Core.Config.Reading;

/// <summary>A use of a name defined elsewhere: <paramref name="DefinedIn"/> is the named map's path ("clusters").</summary>
/// <param name="Usage">How the name is used, for the message: "route 'api' sends traffic to cluster 'x'".</param>
internal sealed record NameReference(string DefinedIn, string Name, SourceLocation At, string Path, string Usage);
