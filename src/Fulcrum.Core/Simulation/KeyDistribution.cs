namespace Fulcrum.Core.Simulation;

/// <summary>
/// The keys requests carry: <see cref="Count"/> distinct keys "key-0" … drawn uniformly or by Zipf with
/// exponent <see cref="Exponent"/> (key-0 the hottest).
/// </summary>
public sealed record KeyDistribution(KeyDistributionKind Kind, int Count = 0, double Exponent = 1.0)
{
    public static KeyDistribution None { get; } = new(KeyDistributionKind.None);

    public static KeyDistribution Uniform(int count) => new(KeyDistributionKind.Uniform, count);

    public static KeyDistribution Zipf(int count, double exponent) => new(KeyDistributionKind.Zipf, count, exponent);

    public bool HasKeys => Kind != KeyDistributionKind.None && Count > 0;

    /// <summary>The name of key <paramref name="index"/>, as hashed and reported.</summary>
    public static string KeyName(int index) => "key-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
