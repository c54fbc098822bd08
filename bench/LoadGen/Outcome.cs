namespace LoadGen;

/// <summary>What happened to one scheduled request: an HTTP status (100-599) or one of these client-side codes.</summary>
internal static class Outcome
{
    /// <summary>Still in flight when the run ended (after the drain deadline).</summary>
    public const int Unfinished = 0;
    public const int Timeout = -1;
    public const int ConnectionError = -2;
    /// <summary>Not sent: the in-flight cap was reached (the system had stopped answering).</summary>
    public const int Overflow = -3;

    public static string Name(int outcome) => outcome switch
    {
        Unfinished => "unfinished",
        Timeout => "timeout",
        ConnectionError => "connection-error",
        Overflow => "client-overflow",
        _ => outcome.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static bool IsResponse(int outcome) => outcome >= 100;

    public static bool IsSuccess(int outcome) => outcome is >= 200 and < 300;
}
