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
        if (retries.PerTryTimeout is { } perTry)
        {
            metadata[FulcrumMetadata.RetryPerTryTimeout] = Duration.Format(perTry);
        }
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
