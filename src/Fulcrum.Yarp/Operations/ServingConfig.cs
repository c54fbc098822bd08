using System.Security.Cryptography;
using System.Text;
using Fulcrum.Hosting;

namespace Fulcrum.Operations;

/// <summary>
/// What the admin API says about the config serving now: when and how it was applied, whether it was forced past the
/// audit and by whom, and the SHA-256 of its text (compared with the file on disk, when the host has one).
/// </summary>
internal sealed record ServingConfig(DateTimeOffset AppliedAt, ConfigTrigger Trigger, bool Forced, int ErrorFindings, string Source, string Sha256)
{
    /// <summary>Who applied it and why, when known (see <see cref="ConfigActor"/>).</summary>
    public ConfigActor? Actor { get; init; }

    public static ServingConfig Of(DateTimeOffset now, ApplyResult result, string text, ConfigTrigger trigger, string source) =>
        new(now, trigger, result.Forced, result.Findings.Count(f => f.IsError), source, Hash(text)) { Actor = result.Actor };

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
