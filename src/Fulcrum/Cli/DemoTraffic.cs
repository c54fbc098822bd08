namespace Fulcrum.Cli;

/// <summary>Light, bounded traffic for the demo: a fixed rate, at most one hour and 150,000 requests.</summary>
internal static class DemoTraffic
{
    private static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);
    private const int MaxRequests = 150_000;

    public static async Task RunAsync(Uri proxy, int ratePerSecond, CancellationToken cancellationToken)
    {
        if (ratePerSecond <= 0)
        {
            return;
        }
        using var client = new HttpClient { BaseAddress = proxy, Timeout = TimeSpan.FromSeconds(10) };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(MaxDuration);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / ratePerSecond));
        var paths = new[] { "/", "/products", "/cart", "/checkout", "/search?q=shoes" };
        try
        {
            for (var i = 0; i < MaxRequests && await timer.WaitForNextTickAsync(stop.Token); i++)
            {
                _ = SendAsync(client, paths[i % paths.Length], stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task SendAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // Errors show on the dashboard; the generator just keeps its pace.
        }
    }
}
