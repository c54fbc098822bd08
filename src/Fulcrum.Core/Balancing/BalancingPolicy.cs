using Fulcrum.Core.Config;

namespace Fulcrum.Core.Balancing;

/// <summary>
/// A balancing policy registered by name: how to create a cluster's picker, and which of the built-in fairness
/// promises the monitor, the audit's simulation and the alerts judge it by. Fulcrum's own policies are instances of
/// this class (<see cref="BuiltInPolicies"/>); an app adds its own the same way.
/// </summary>
public sealed class BalancingPolicy
{
    /// <summary>Every policy name starts with this, so it never clashes with YARP's own policies (compared without case).</summary>
    public const string NamePrefix = "Fulcrum.";

    private readonly Func<ClusterConfig, Random, IPicker> _createPicker;

    /// <param name="name">The <c>LoadBalancingPolicy</c> name, <see cref="NamePrefix"/> and at least one more character, e.g. <c>Fulcrum.LastEligible</c>.</param>
    /// <param name="createPicker">
    /// Creates one picker per cluster (again at each reload). The <see cref="Random"/> is <see cref="Random.Shared"/> in the
    /// proxy and a seeded instance in the simulator: use it, not your own, so simulations repeat.
    /// </param>
    /// <param name="judgedAs">
    /// The built-in policy whose promise the monitor holds this one to. The default, <see cref="PolicyKind.RoundRobin"/>,
    /// means each destination's share of requests should equal its share of the weights.
    /// </param>
    public BalancingPolicy(string name, Func<ClusterConfig, Random, IPicker> createPicker, PolicyKind judgedAs = PolicyKind.RoundRobin)
    {
        ArgumentNullException.ThrowIfNull(createPicker);
        if (!IsValidName(name, out var problem))
        {
            throw new ArgumentException(problem, nameof(name));
        }
        if (!Enum.IsDefined(judgedAs))
        {
            throw new ArgumentOutOfRangeException(nameof(judgedAs), judgedAs, "Not a built-in policy.");
        }
        Name = name;
        JudgedAs = judgedAs;
        _createPicker = createPicker;
    }

    // Built-ins: the name is the prefix and the kind, valid by construction; skipping the checks keeps them out of
    // the first-call compilation of every start (bench/RESULTS.md, start7).
    private BalancingPolicy(PolicyKind kind, Func<ClusterConfig, Random, IPicker> createPicker)
    {
        Name = NamePrefix + kind;
        JudgedAs = kind;
        _createPicker = createPicker;
        IsBuiltIn = true;
    }

    /// <summary>The <c>LoadBalancingPolicy</c> name (unique without case among registered policies).</summary>
    public string Name { get; }

    /// <summary>The built-in policy whose fairness promise applies (for a built-in, the policy itself).</summary>
    public PolicyKind JudgedAs { get; }

    /// <summary>True for Fulcrum's own policies.</summary>
    public bool IsBuiltIn { get; private init; }

    /// <summary>Creates the picker for one cluster; a factory that throws or returns null is reported with the policy's name.</summary>
    public IPicker CreatePicker(ClusterConfig cluster, Random random)
    {
        IPicker? picker;
        try
        {
            picker = _createPicker(cluster, random);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"Balancing policy '{Name}' failed to create a picker for cluster '{cluster.Name}': {e.Message}", e);
        }
        return picker ?? throw new InvalidOperationException($"Balancing policy '{Name}' returned no picker for cluster '{cluster.Name}'.");
    }

    /// <summary>The name rules: <see cref="NamePrefix"/> (any case), then letters, digits, '.', '-' or '_'.</summary>
    public static bool IsValidName(string? name, out string problem)
    {
        if (name is null || !name.StartsWith(NamePrefix, StringComparison.OrdinalIgnoreCase) || name.Length == NamePrefix.Length)
        {
            problem = $"'{name}' is not a policy name; it must start with '{NamePrefix}' and go on, e.g. '{NamePrefix}MyPolicy'";
            return false;
        }
        foreach (var c in name.AsSpan(NamePrefix.Length))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_'))
            {
                problem = $"'{name}' is not a policy name; after '{NamePrefix}' use letters, digits, '.', '-' or '_'";
                return false;
            }
        }
        problem = "";
        return true;
    }

    internal static BalancingPolicy BuiltIn(PolicyKind kind, Func<ClusterConfig, Random, IPicker> createPicker) =>
        new(kind, createPicker);
}
