using System.Globalization;
using Fulcrum.Core.Config;

namespace Fulcrum.Proxy;

/// <summary><c>clusters.*.retries</c> as YARP metadata (written by the mapper, read back by <see cref="YarpConfigReader"/>).</summary>
internal static class RetryMetadata
{
    public static void Write(RetryConfig? retries, Dictionary<string, string> metadata)
    {
        if (retries is null)
        {
            return;
        }
        metadata[FulcrumMetadata.RetryAttempts] = retries.Attempts.ToString(CultureInfo.InvariantCulture);
        metadata[FulcrumMetadata.RetryBudget] = retries.Budget.ToString("R", CultureInfo.InvariantCulture);
        metadata[FulcrumMetadata.RetryMethods] = retries.Methods == RetryMethods.Safe ? "safe" : "idempotent";
        if (retries.On != Core.Config.RetryOn.Default)
        {
            metadata[FulcrumMetadata.RetryOn] = RetryOnNames.Format(retries.On);
        }
        if (retries.PerTryTimeout is { } perTry)
        {
            metadata[FulcrumMetadata.RetryPerTryTimeout] = Duration.Format(perTry);
        }
    }

    /// <summary>Comma-separated <see cref="RetryOnNames"/> words; false on an unknown word or an empty list.</summary>
    public static bool TryParseOn(string text, out RetryOn on)
    {
        on = Core.Config.RetryOn.None;
        foreach (var word in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!RetryOnNames.TryParse(word, out var flag))
            {
                return false;
            }
            on |= flag;
        }
        return on != Core.Config.RetryOn.None;
    }

    public static bool TryParseMethods(string text, out RetryMethods methods)
    {
        methods = text switch
        {
            "idempotent" => RetryMethods.Idempotent,
            "safe" => RetryMethods.Safe,
            _ => (RetryMethods)(-1),
        };
        return Enum.IsDefined(methods);
    }
}
