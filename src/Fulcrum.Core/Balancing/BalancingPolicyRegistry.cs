namespace Fulcrum.Core.Balancing;

/// <summary>
/// The balancing policies known by name: the built-ins and whatever an app registered. Names compare without case,
/// as YARP compares <c>LoadBalancingPolicy</c> names, so <c>fulcrum.roundrobin</c> finds <c>Fulcrum.RoundRobin</c> and
/// registering <c>Fulcrum.roundrobin</c> again is refused.
/// </summary>
public sealed class BalancingPolicyRegistry
{
    private readonly Dictionary<string, BalancingPolicy> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Throws <see cref="ArgumentException"/> naming both when two policies share a name (without case).</summary>
    public BalancingPolicyRegistry(IEnumerable<BalancingPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        foreach (var policy in policies)
        {
            if (_byName.TryGetValue(policy.Name, out var existing))
            {
                var which = existing.IsBuiltIn ? "a built-in policy" : "another registered policy";
                throw new ArgumentException(
                    $"Balancing policy '{policy.Name}' is registered twice: '{existing.Name}' is {which} (names compare without case).", nameof(policies));
            }
            _byName.Add(policy.Name, policy);
        }
    }

    /// <summary>Only the built-in policies (what <c>fulcrum audit</c> of a file knows).</summary>
    public static BalancingPolicyRegistry BuiltIn { get; } = new(BuiltInPolicies.All);

    /// <summary>Every registered name, built-ins first, in registration order.</summary>
    public IEnumerable<string> Names => _byName.Values.Select(p => p.Name);

    /// <summary>Finds a policy by name, without case.</summary>
    public bool TryGet(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BalancingPolicy? policy)
    {
        policy = null;
        return name is not null && _byName.TryGetValue(name, out policy);
    }
}
