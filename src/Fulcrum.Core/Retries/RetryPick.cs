using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Retries;

/// <summary>
/// The destination of a retry: the cluster's own policy decides, with the destinations already tried left out.
/// Guarantee: while an eligible destination that was not tried exists, the retry goes to one of them. The
/// policy is asked up to <see cref="Draws"/> times (so weights, least-requests and EWMA still steer retries);
/// when every draw lands on a tried destination (a hash policy always returns the same one), a not-tried
/// eligible destination is taken from a random starting point, so no destination is favoured. The normal pick
/// path is untouched; this runs only for retries.
/// </summary>
public static class RetryPick
{
    public const int Draws = 4;

    /// <summary>Null when every eligible destination was tried.</summary>
    public static Backend? Choose(ClusterBalancer balancer, in PickContext context, ReadOnlySpan<Backend?> tried)
    {
        for (var i = 0; i < Draws; i++)
        {
            if (balancer.Pick(context) is { } picked && !Contains(tried, picked))
            {
                return picked;
            }
        }
        var eligible = balancer.Eligible;
        if (eligible.Count == 0)
        {
            return null;
        }
        var start = Random.Shared.Next(eligible.Count);
        for (var i = 0; i < eligible.Count; i++)
        {
            var candidate = eligible[(start + i) % eligible.Count];
            if (!Contains(tried, candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static bool Contains(ReadOnlySpan<Backend?> tried, Backend backend)
    {
        foreach (var t in tried)
        {
            if (ReferenceEquals(t, backend))
            {
                return true;
            }
        }
        return false;
    }
}
