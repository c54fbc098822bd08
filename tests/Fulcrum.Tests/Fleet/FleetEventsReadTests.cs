using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Fulcrum.Admin;
using Fulcrum.Fleet;
using Fulcrum.Journal;
using Fulcrum.Tests.Support;

namespace Fulcrum.Tests.Fleet;

/// <summary>
/// <c>GET /api/events</c> in a fleet reads the shared journal without holding a thread: a store that does not answer
/// leaves the read pending (not a blocked caller), a client that gives up ends it, and a store that is away is a
/// 503 that names it, for every form of <c>since</c>. The read itself is the same as the synchronous one.
/// </summary>
public sealed class FleetEventsReadTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_read_from_a_store_that_does_not_answer_is_pending_not_blocking_and_ends_when_cancelled()
    {
        // Accepts connections and never says a word: a PostgreSQL that hangs.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var store = new FleetStore($"Host=127.0.0.1;Port={port};Username=fulcrum;Database=fulcrum;Timeout=5;Pooling=false");
        var journal = new FleetJournal(store);
        using var cancel = new CancellationTokenSource();

        // A synchronous read would block here until the connect timeout and return a finished (failed) task; this one
        // returns a pending task at once.
        var latest = journal.ReadLatestAsync(10, cancel.Token);
        var since = journal.ReadAsync(sinceId: 5, cancellationToken: cancel.Token);

        Assert.False(latest.IsCompleted);
        Assert.False(since.IsCompleted);
        using var accepted = await silent.AcceptSocketAsync();
        await cancel.CancelAsync();
        foreach (var read in new Task[] { latest, since })
        {
            var error = await Record.ExceptionAsync(() => read);
            // Npgsql honours the cancellation while it connects, but not at every point of the start-up exchange; then its
            // own timeout ends the read, as a DbException (what GET /api/events answers 503 for).
            Assert.True(IsCancellation(error) || error is System.Data.Common.DbException, $"neither cancelled nor a store error: {error}");
        }
    }

    [Fact]
    public async Task With_the_store_away_every_form_of_since_is_a_503_naming_the_fleet_store()
    {
        int port;
        using (var closed = new TcpListener(IPAddress.Loopback, 0))
        {
            closed.Start();
            port = ((IPEndPoint)closed.LocalEndpoint).Port;
        }
        await using var store = new FleetStore($"Host=127.0.0.1;Port={port};Username=fulcrum;Database=fulcrum;Timeout=5;Pooling=false");
        var journal = new FleetJournal(store);
        await using var app = await LoopbackApp.StartAsync(a => EventEndpoints.Map(a, journal));
        using var client = new HttpClient { BaseAddress = app.Address };

        foreach (var query in new[] { "", "?since=5", "?since=2026-12-07T10:00:00Z&limit=10" })
        {
            using var response = await client.GetAsync("/api/events" + query);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.StartsWith("the journal (fleet store (PostgreSQL, every instance)) is unreachable: ", body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Over_a_live_store_the_awaited_reads_return_what_the_synchronous_ones_do()
    {
        await using var store = new FleetStore(await postgres.Server.CreateDatabaseAsync("events_async"));
        await store.EnsureSchemaAsync(CancellationToken.None);
        var journal = new FleetJournal(store);
        var start = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        await journal.DeliverAsync("journal-one", "one",
            Enumerable.Range(1, 20).Select(i => new JournalEvent(i, start.AddSeconds(i), EventKinds.HealthChanged, "web", "a", $"event {i}", null, null)).ToArray(),
            CancellationToken.None);
        await using var app = await LoopbackApp.StartAsync(a => EventEndpoints.Map(a, journal));
        using var client = new HttpClient { BaseAddress = app.Address };

        Assert.Equal(Ids(journal.ReadLatest(5)), Ids(await journal.ReadLatestAsync(5)));
        Assert.Equal(Ids(journal.Read(sinceId: 7, limit: 4)), Ids(await journal.ReadAsync(sinceId: 7, limit: 4)));
        Assert.Equal(Ids(journal.Read(since: start.AddSeconds(15))), Ids(await journal.ReadAsync(since: start.AddSeconds(15))));
        Assert.Equal(new long[] { 16L, 17, 18, 19, 20 }, await ApiIdsAsync(client, "/api/events?limit=5"));
        Assert.Equal(new long[] { 8L, 9 }, await ApiIdsAsync(client, "/api/events?since=7&limit=2"));
        Assert.Equal(new long[] { 19L, 20 }, await ApiIdsAsync(client, "/api/events?since=" + Uri.EscapeDataString(start.AddSeconds(19).ToString("O", System.Globalization.CultureInfo.InvariantCulture))));
    }

    private static long[] Ids(IEnumerable<JournalEvent> events) => events.Select(e => e.Id).ToArray();

    private static async Task<long[]> ApiIdsAsync(HttpClient client, string path)
    {
        using var body = JsonDocument.Parse(await client.GetStringAsync(path));
        return body.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToArray();
    }

    // Npgsql reports a cancelled connect either as such or wrapped (NpgsqlException around the cancellation).
    private static bool IsCancellation(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is OperationCanceledException)
            {
                return true;
            }
        }
        return false;
    }
}
