namespace Fulcrum.Core.Fairness;

/// <summary>The <c>code_class</c> label of <c>fulcrum_requests_total</c>: 2xx, 3xx, 4xx, 5xx, or error (no HTTP answer).</summary>
public enum CodeClass
{
    Success2xx,
    Redirect3xx,
    Client4xx,
    Server5xx,
    Error,
}

public static class CodeClasses
{
    public const int Count = 5;

    private static readonly string[] Labels = ["2xx", "3xx", "4xx", "5xx", "error"];

    public static string Label(CodeClass codeClass) => Labels[(int)codeClass];

    /// <summary>A transport failure, or a status outside 100..599, is "error"; 1xx final statuses count as 2xx.</summary>
    public static CodeClass Of(int statusCode, bool transportFailure) =>
        transportFailure ? CodeClass.Error : statusCode switch
        {
            >= 100 and < 300 => CodeClass.Success2xx,
            >= 300 and < 400 => CodeClass.Redirect3xx,
            >= 400 and < 500 => CodeClass.Client4xx,
            >= 500 and < 600 => CodeClass.Server5xx,
            _ => CodeClass.Error,
        };

    /// <summary>What the monitor counts as a failed request: 5xx or no answer at all.</summary>
    public static bool IsFailure(CodeClass codeClass) => codeClass is CodeClass.Server5xx or CodeClass.Error;
}
