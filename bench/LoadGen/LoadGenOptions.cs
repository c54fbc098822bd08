using System.Globalization;

namespace LoadGen;

/// <summary>Command-line options of the generator. Every run is bounded: by duration, request count and in-flight cap.</summary>
internal sealed record LoadGenOptions
{
    public required Uri Url { get; init; }
    /// <summary>Every --url given, in order; requests go to them in turn (<see cref="RequestTargets"/>).</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [];
    /// <summary>With <see cref="Keys"/>: a query parameter that carries one of that many hash keys.</summary>
    public string? KeyQuery { get; init; }
    public int Keys { get; init; } = 1000;
    public double Rate { get; init; } = 1000;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public double WarmupRate { get; init; } = 200;
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
    public int MaxInFlight { get; init; } = 4096;
    public string Label { get; init; } = "";
    /// <summary>A response header whose values are counted (the test backends name themselves in X-Backend).</summary>
    public string? CountHeader { get; init; }

    public const string Usage =
        "LoadGen --url URL [--rate REQ_PER_S] [--duration SECONDS] [--warmup SECONDS] [--warmup-rate REQ_PER_S] " +
        "[--timeout SECONDS] [--max-inflight N] [--label TEXT] [--count-header NAME] [--key-query NAME] [--keys N]; " +
        "--url may be repeated: requests go to the URLs in turn";

    /// <summary>Adds a --url and returns the first one given (the report's <see cref="Url"/>).</summary>
    private static Uri AddUrl(List<Uri> urls, Uri url)
    {
        urls.Add(url);
        return urls[0];
    }

    /// <summary>Parses the arguments, or returns null and an error message naming the bad argument.</summary>
    public static LoadGenOptions? Parse(string[] args, out string? error)
    {
        error = null;
        Uri? url = null;
        var urls = new List<Uri>();
        var options = new LoadGenOptions { Url = new Uri("http://127.0.0.1/") };
        for (var i = 0; i < args.Length; i += 2)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[i + 1] : null;
            if (value is null)
            {
                error = $"{name} needs a value";
                return null;
            }
            double Number() => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new FormatException($"{name}: '{value}' is not a non-negative number");
            try
            {
                options = name switch
                {
                    "--url" => options with { Url = url = AddUrl(urls, new Uri(value)) },
                    "--rate" => options with { Rate = Number() },
                    "--duration" => options with { Duration = TimeSpan.FromSeconds(Number()) },
                    "--warmup" => options with { Warmup = TimeSpan.FromSeconds(Number()) },
                    "--warmup-rate" => options with { WarmupRate = Number() },
                    "--timeout" => options with { Timeout = TimeSpan.FromSeconds(Number()) },
                    "--max-inflight" => options with { MaxInFlight = (int)Number() },
                    "--label" => options with { Label = value },
                    "--count-header" => options with { CountHeader = value },
                    "--key-query" => options with { KeyQuery = value },
                    "--keys" => options with { Keys = Math.Max(1, (int)Number()) },
                    _ => throw new FormatException($"unknown argument '{name}'"),
                };
            }
            catch (FormatException e)
            {
                error = e.Message;
                return null;
            }
        }
        if (url is null)
        {
            error = "--url is required";
            return null;
        }
        options = options with { Urls = urls };
        if (options.Rate <= 0 || options.Duration <= TimeSpan.Zero)
        {
            error = "--rate and --duration must be above 0";
            return null;
        }
        return options;
    }
}
