
namespace Fulcrum.Hosting;

/// <summary>
/// Who applied, forced or rolled back a config, and why: journaled with the change and shown by
/// <c>GET /api/config/serving</c>, the dashboard banner, <c>fulcrum timeline</c> and the postmortem's root cause.
/// <see cref="Who"/> is "ops-team (admin token)" when a named admin token was used, else what the caller claimed
/// (the CLI sends the OS user) and where it came from: "alice from 127.0.0.1"; "fulcrum run" for a start.
/// </summary>
internal sealed record ConfigActor(string Who, string? Reason)
{
    /// <summary>Longest reason kept, in characters: a reason is a sentence, not a document.</summary>
    public const int MaxReason = 300;

    /// <summary>Longest claimed user name kept, in characters.</summary>
    public const int MaxName = 100;

    /// <summary>A caller of the admin API: the token's name when it is named, else the claim and the remote address.</summary>
    public static ConfigActor FromCaller(string? tokenName, string? claimedUser, string? remoteAddress, string? reason)
    {
        var claim = Clean(claimedUser, MaxName);
        var who = tokenName is not null
            ? $"{tokenName} (admin token){(claim is null || claim == tokenName ? "" : $", user {claim}")}"
            : claim is null
                ? remoteAddress ?? "unknown caller"
                : $"{claim}{(remoteAddress is null ? "" : $" from {remoteAddress}")}";
        return new ConfigActor(who, Clean(reason, MaxReason));
    }

    /// <summary>A change made on this machine by a command (fulcrum run --force): the OS user.</summary>
    public static ConfigActor Local(string? reason) => new(Environment.UserName, Clean(reason, MaxReason));

    /// <summary>"by alice from 127.0.0.1, reason: \"sale traffic\"" — the words journal summaries carry.</summary>
    public string Describe() => Reason is null ? $"by {Who}" : $"by {Who}, reason: \"{Reason}\"";

    /// <summary>One line, printable, bounded; null when nothing is left.</summary>
    private static string? Clean(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var line = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        if (line.Length == 0)
        {
            return null;
        }
        return line.Length <= max ? line : string.Concat(line.AsSpan(0, max - 1), "…");
    }
}
