namespace Fulcrum.Core.Fairness;

/// <summary>
/// Pearson's chi-square goodness-of-fit test and the distribution's survival function, computed through the
/// regularized upper incomplete gamma function Q(a, x): P(χ²_k ≥ x) = Q(k/2, x/2).
/// Series expansion below a + 1, Lentz's continued fraction above it (both converge fast on their side).
/// </summary>
public static class ChiSquare
{
    private const int MaxIterations = 500;
    private const double Epsilon = 1e-15;
    private const double Tiny = 1e-300;

    /// <summary>Pearson's statistic Σ (observed − expected)² / expected over the cells with expected &gt; 0.</summary>
    public static double Statistic(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected)
    {
        var sum = 0.0;
        for (var i = 0; i < observed.Length; i++)
        {
            if (expected[i] > 0)
            {
                var difference = observed[i] - expected[i];
                sum += difference * difference / expected[i];
            }
        }
        return sum;
    }

    /// <summary>P(X ≥ <paramref name="x"/>) for X chi-square distributed with <paramref name="degreesOfFreedom"/>.</summary>
    public static double SurvivalFunction(double x, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        return x <= 0 ? 1.0 : RegularizedGammaQ(degreesOfFreedom / 2.0, x / 2.0);
    }

    /// <summary>The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a).</summary>
    public static double RegularizedGammaQ(double a, double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        if (x <= 0)
        {
            return 1.0;
        }
        return x < a + 1 ? 1.0 - LowerSeries(a, x) : UpperContinuedFraction(a, x);
    }

    /// <summary>ln Γ(x) for x &gt; 0 by the Lanczos approximation (g = 7, nine coefficients; ~15 digits).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection keeps the approximation in its accurate range.
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }
        ReadOnlySpan<double> coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7,
        ];
        x -= 1;
        var sum = coefficients[0];
        for (var i = 1; i < coefficients.Length; i++)
        {
            sum += coefficients[i] / (x + i);
        }
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>P(a, x) = e^{-x} x^a / Γ(a) · Σ x^n / (a (a+1) … (a+n)).</summary>
    private static double LowerSeries(double a, double x)
    {
        var term = 1.0 / a;
        var sum = term;
        for (var n = 1; n < MaxIterations; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
            {
                break;
            }
        }
        return Math.Clamp(sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a)), 0, 1);
    }

    /// <summary>Q(a, x) by the continued fraction 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …))), modified Lentz.</summary>
    private static double UpperContinuedFraction(double a, double x)
    {
        var b = x + 1 - a;
        var c = 1 / Tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < MaxIterations; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < Tiny)
            {
                d = Tiny;
            }
            c = b + an / c;
            if (Math.Abs(c) < Tiny)
            {
                c = Tiny;
            }
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }
        return Math.Clamp(Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h, 0, 1);
    }
}
