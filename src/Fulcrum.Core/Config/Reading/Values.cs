using System.Globalization;
using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// Converts scalar nodes to typed values. Each conversion reports a precise error (what it got, what
/// is allowed) into the context and returns null, so the caller can carry on with a default.
/// </summary>
internal static class Values
{
    public static string? String(ReadContext ctx, ConfigNode node, string path, string what = "a string")
    {
        if (node is ScalarNode { IsNull: false } scalar)
        {
            return scalar.Value;
        }
        ctx.Error(node, path, $"expected {what}; got {node.Describe()}");
        return null;
    }

    public static int? Int(ReadContext ctx, ConfigNode node, string path, int min, int max = int.MaxValue)
    {
        var allowed = max == int.MaxValue ? $"a whole number >= {min}" : $"a whole number from {min} to {max}";
        if (Plain(ctx, node, path, allowed) is not { } text)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            var isNumber = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number);
            ctx.Error(node, path, !isNumber ? $"expected {allowed}; got {SafeText.Quote(text)}"
                : double.IsInteger(number) ? $"{AsNumber(text)} is too {(number < 0 ? "small" : "large")}; expected {allowed}"
                : $"{SafeText.Quote(text)} is not a whole number; expected {allowed}");
            return null;
        }
        if (value < min || value > max)
        {
            ctx.Error(node, path, $"{value} is too {(value < min ? "small" : "large")}; expected {allowed}");
            return null;
        }
        return value;
    }

    public static double? Number(ReadContext ctx, ConfigNode node, string path, string allowed)
    {
        if (Plain(ctx, node, path, allowed) is not { } text)
        {
            return null;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            ctx.Error(node, path, $"expected {allowed}; got {SafeText.Quote(text)}");
            return null;
        }
        return value;
    }

    /// <summary>A duration up to <see cref="ConfigLimits.MaxDuration"/>; zero only when <paramref name="allowZero"/> (negative durations never parse).</summary>
    public static TimeSpan? Duration(ReadContext ctx, ConfigNode node, string path, bool allowZero)
    {
        if (String(ctx, node, path, "a duration such as 250ms, 30s, 5m or 1h") is not { } text)
        {
            return null;
        }
        if (!Config.Duration.TryParse(text, ctx.Limits.MaxDuration, out var value, out var error))
        {
            ctx.Error(node, path, error);
            return null;
        }
        if (value == TimeSpan.Zero && !allowZero)
        {
            ctx.Error(node, path, $"{SafeText.Quote(text)} is zero; this duration must be greater than zero ({Config.Duration.Allowed})");
            return null;
        }
        return value;
    }

    /// <summary>A size in bytes from <c>32KB</c>-style text, at least <paramref name="min"/> bytes.</summary>
    public static long? Size(ReadContext ctx, ConfigNode node, string path, long min)
    {
        if (String(ctx, node, path, $"a size ({Config.ByteSize.Allowed})") is not { } text)
        {
            return null;
        }
        if (!Config.ByteSize.TryParse(text, out var bytes, out var error))
        {
            ctx.Error(node, path, error);
            return null;
        }
        if (bytes < min)
        {
            ctx.Error(node, path, $"'{text}' is too small; it must be at least {min} bytes");
            return null;
        }
        return bytes;
    }

    public static Uri? Url(ReadContext ctx, ConfigNode node, string path, UrlUse use)
    {
        if (String(ctx, node, path, $"a URL ({Urls.Allowed(use)})") is not { } text)
        {
            return null;
        }
        if (!Urls.TryParse(text, use, out var uri, out var error))
        {
            ctx.Error(node, path, error);
            return null;
        }
        return uri;
    }

    /// <summary>Numbers must be plain scalars: "4" in quotes is a string in YAML.</summary>
    private static string? Plain(ReadContext ctx, ConfigNode node, string path, string allowed)
    {
        if (node is ScalarNode { IsNull: false, Quoted: false } scalar)
        {
            return scalar.Value;
        }
        var hint = node is ScalarNode { Quoted: true } ? " (remove the quotes)" : "";
        ctx.Error(node, path, $"expected {allowed}; got {node.Describe()}{hint}");
        return null;
    }

    /// <summary>Text that parsed as a number has no control characters; only a very long one needs quoting (and cutting).</summary>
    private static string AsNumber(string text) => text.Length <= SafeText.DefaultQuoteLength ? text : SafeText.Quote(text);
}
