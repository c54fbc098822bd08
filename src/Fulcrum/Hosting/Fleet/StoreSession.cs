using Npgsql;

namespace Fulcrum.Fleet;

/// <summary>
/// The loop every long-lived store session runs (the config follower's LISTEN, the leader's lock): open a session, hand
/// it to the work, and when the store goes away log one line per outage and try again every second until stopped.
/// Nothing thrown by the work escapes: the instance keeps serving whatever the store does.
/// </summary>
internal static class StoreSession
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(FleetStore store, Func<NpgsqlConnection, CancellationToken, Task> work,
        Action<string, string> logLost, TimeProvider time, CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await store.EnsureSchemaOnceAsync(stoppingToken);
                await using var session = await store.OpenAsync(stoppingToken);
                failing = false;
                await work(session, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (!failing)
                {
                    failing = true;
                    logLost(e.GetType().Name, e.Message);
                }
                try
                {
                    await Task.Delay(RetryAfter, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
