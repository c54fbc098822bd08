using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Tests.Fairness;

public sealed class ChiSquareTests
{
    [Theory]
    // Critical values from standard chi-square tables.
    [InlineData(3.841459, 1, 0.05)]
    [InlineData(10.827566, 1, 0.001)]
    [InlineData(13.815511, 2, 0.001)]
    [InlineData(9.487729, 4, 0.05)]
    [InlineData(29.588298, 10, 0.001)]
    [InlineData(124.342113, 100, 0.05)]
    [InlineData(0.454936, 1, 0.5)]
    public void Survival_function_matches_table_values(double x, int degreesOfFreedom, double p)
    {
        Assert.Equal(p, ChiSquare.SurvivalFunction(x, degreesOfFreedom), 1e-6);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    [InlineData(40.0)]
    public void Two_degrees_of_freedom_is_an_exponential(double x)
    {
        Assert.Equal(Math.Exp(-x / 2), ChiSquare.SurvivalFunction(x, 2), 1e-12);
    }

    [Fact]
    public void Q_of_a_equals_one_is_exp_minus_x_on_both_branches()
    {
        Assert.Equal(Math.Exp(-0.3), ChiSquare.RegularizedGammaQ(1, 0.3), 1e-12); // series branch
        Assert.Equal(Math.Exp(-7), ChiSquare.RegularizedGammaQ(1, 7), 1e-12);     // continued fraction branch
    }

    [Fact]
    public void Log_gamma_matches_factorials_and_sqrt_pi()
    {
        Assert.Equal(Math.Log(24), ChiSquare.LogGamma(5), 1e-12);
        Assert.Equal(Math.Log(3628800), ChiSquare.LogGamma(11), 1e-10);
        Assert.Equal(0.5 * Math.Log(Math.PI), ChiSquare.LogGamma(0.5), 1e-12);
    }

    [Fact]
    public void Statistic_is_pearsons_sum()
    {
        // (60-33.3)²/33.3 + 2·(20-33.3)²/33.3 with 100 observations split 60/20/20 against an equal split.
        var value = ChiSquare.Statistic([60, 20, 20], [100 / 3.0, 100 / 3.0, 100 / 3.0]);
        Assert.Equal(32.0, value, 1e-9);
        Assert.Equal(1.0, ChiSquare.SurvivalFunction(0, 3));
    }
}
