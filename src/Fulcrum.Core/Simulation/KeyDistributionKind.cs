namespace Fulcrum.Core.Simulation;

/// <summary>How request keys (for hash policies) are drawn.</summary>
public enum KeyDistributionKind
{
    /// <summary>Requests carry no key; hash policies fall back to a random point.</summary>
    None,

    /// <summary>Every key equally likely.</summary>
    Uniform,

    /// <summary>Key of rank k drawn with probability proportional to 1/k^s: a few hot keys, a long tail.</summary>
    Zipf,
}
