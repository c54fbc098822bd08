using System.IO.Hashing;
using System.Text;

namespace Fulcrum.Core.Alerting;

/// <summary>
/// Alert ids like <c>imbalance-5f0c9a1e27b3</c>: the name, then a hash of cluster, destination and the instant the
/// condition began, so an id is URL-safe, stable for the alert's life and does not repeat after a restart.
/// </summary>
internal static class AlertIds
{
    public static string Create(string name, string cluster, string? destination, DateTimeOffset since, int attempt = 0)
    {
        var key = $"{name}\n{cluster}\n{destination}\n{since.UtcTicks}\n{attempt}";
        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key));
        return $"{name}-{hash & 0xFFFF_FFFF_FFFF:x12}";
    }
}
