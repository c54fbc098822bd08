using System.Text.Json;
using Fulcrum.Journal;
using Fulcrum.Receivers;
using Fulcrum.Tests.Journal;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Tests.Receivers;

/// <summary>The dispatcher against a real Kestrel webhook and a real SQLite journal, with short real backoff delays.</summary>
public sealed class NotificationDispatcherTests : IAsyncLifetime
{
    private static readonly DispatcherOptions Quick = new()
    {
        Retry = new RetryPolicy(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), 0.5),
    };

    private readonly TempJournalDir dir = new();
    private readonly HttpClient http = new();
    private EventJournal journal = null!;
    private RecordingHookServer server = null!;

    public async Task InitializeAsync()
    {
        journal = new EventJournal(dir.DbPath, TimeProvider.System);
        server = await RecordingHookServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await journal.DisposeAsync();
        http.Dispose();
        dir.Dispose();
    }

    [Fact]
    public async Task A_receiver_failing_twice_gets_the_notification_on_the_third_attempt_and_it_is_journaled_as_sent()
    {
        server.FailFirst = 2;
        await using var dispatcher = Dispatcher(Quick);

        Assert.True(dispatcher.TryEnqueue(TestNotifications.Firing("oncall")));
        var sent = await SingleEventAsync(EventKinds.NotificationSent);

        Assert.Equal(3, server.Calls);
        Assert.Equal("firing imbalance sent to oncall (webhook) after 3 attempts", sent.Summary);
        Assert.Equal(("web", "a", "A17"), (sent.Cluster, sent.Destination, sent.AlertId));
        var details = JsonDocument.Parse(sent.Details!).RootElement;
        Assert.Equal(3, details.GetProperty("attempts").GetInt32());
        Assert.Equal(2, details.GetProperty("errors").GetArrayLength());
        Assert.Empty(Events(EventKinds.NotificationFailed));
        Assert.Equal((1, 0), (dispatcher.Sent, dispatcher.Failed));
    }

    [Fact]
    public async Task A_receiver_that_always_fails_is_tried_the_allowed_number_of_times_and_journaled_as_failed()
    {
        server.AlwaysFail = true;
        await using var dispatcher = Dispatcher(Quick);

        dispatcher.TryEnqueue(TestNotifications.Firing("oncall"));
        var failed = await SingleEventAsync(EventKinds.NotificationFailed);

        Assert.Equal(3, server.Calls);
        Assert.StartsWith("firing imbalance NOT delivered to oncall (3 attempts): receiver oncall: ", failed.Summary);
        Assert.EndsWith("answered 503 Service Unavailable: receiver trouble", failed.Summary);
        Assert.Equal(3, JsonDocument.Parse(failed.Details!).RootElement.GetProperty("errors").GetArrayLength());
        Assert.Empty(Events(EventKinds.NotificationSent));
        Assert.Equal(1, dispatcher.Failed);
    }

    [Fact]
    public async Task A_refusal_by_the_receiver_is_not_retried()
    {
        server.AlwaysFail = true;
        server.FailureStatus = 404;
        await using var dispatcher = Dispatcher(Quick);

        dispatcher.TryEnqueue(TestNotifications.Firing("oncall"));
        var failed = await SingleEventAsync(EventKinds.NotificationFailed);

        Assert.Equal(1, server.Calls);
        Assert.Contains("(1 attempt)", failed.Summary);
        Assert.Contains("answered 404", failed.Summary);
    }

    [Fact]
    public async Task A_notification_for_an_unknown_receiver_is_refused_and_journaled()
    {
        await using var dispatcher = Dispatcher(Quick);

        Assert.False(dispatcher.TryEnqueue(TestNotifications.Firing("pager")));
        await journal.FlushAsync();

        var failed = Assert.Single(Events(EventKinds.NotificationFailed));
        Assert.Equal("firing imbalance NOT delivered to pager: no receiver named 'pager' is configured", failed.Summary);
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_and_journals_the_refusal()
    {
        var stuck = new StuckReceiver("slow");
        var options = Quick with { QueueCapacity = 1, DrainTimeout = TimeSpan.FromMilliseconds(200) };
        await using (var dispatcher = new NotificationDispatcher([stuck], journal, TimeProvider.System, options))
        {
            Assert.True(dispatcher.TryEnqueue(TestNotifications.Firing("slow", "A1")));
            await Eventually.TrueAsync(() => stuck.Attempts == 1, "the first notification to be in flight");
            Assert.True(dispatcher.TryEnqueue(TestNotifications.Firing("slow", "A2")));
            Assert.False(dispatcher.TryEnqueue(TestNotifications.Firing("slow", "A3")));
            await journal.FlushAsync();
            var refused = Assert.Single(Events(EventKinds.NotificationFailed));
            Assert.Equal("A3", refused.AlertId);
            Assert.EndsWith("its queue is full (1 waiting)", refused.Summary);
        }
        // Disposing past the drain timeout cuts A1 short and journals A2 as never sent: nothing vanishes.
        var failures = Events(EventKinds.NotificationFailed).ToDictionary(e => e.AlertId!, e => e.Summary);
        Assert.EndsWith("the dispatcher stopped during delivery", failures["A1"]);
        Assert.EndsWith("the dispatcher stopped before it was sent", failures["A2"]);
    }

    [Fact]
    public async Task Backoff_waits_on_the_injected_clock()
    {
        var fake = new FakeTimeProvider(TestNotifications.FiredAt);
        var time = new TimerCountingTimeProvider(fake);
        var failing = new FailingReceiver("oncall");
        var options = new DispatcherOptions { Retry = new RetryPolicy(3, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), 0) };
        await using var dispatcher = new NotificationDispatcher([failing], journal, time, options);

        dispatcher.TryEnqueue(TestNotifications.Firing("oncall"));
        await Eventually.TrueAsync(() => time.TimersCreated == 1, "the first attempt to fail and the backoff to start");
        Assert.Equal(1, failing.Attempts);
        fake.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, failing.Attempts);
        fake.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => time.TimersCreated == 2, "the second attempt, one minute later, and its backoff");
        Assert.Equal(2, failing.Attempts);
        fake.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(2, failing.Attempts);
        fake.Advance(TimeSpan.FromSeconds(1));
        await SingleEventAsync(EventKinds.NotificationFailed);
        Assert.Equal(3, failing.Attempts);
    }

    [Fact]
    public async Task A_receiver_that_throws_outside_SendAsync_fails_each_notification_and_the_lane_keeps_going()
    {
        await using var dispatcher = new NotificationDispatcher([new KindlessReceiver("oncall")], journal, TimeProvider.System, Quick);

        Assert.True(dispatcher.TryEnqueue(TestNotifications.Firing("oncall", id: "A1")));
        Assert.True(dispatcher.TryEnqueue(TestNotifications.Firing("oncall", id: "A2")));
        await Eventually.TrueAsync(() => Events(EventKinds.NotificationFailed).Count == 2, "both notifications journaled as failed");

        Assert.All(Events(EventKinds.NotificationFailed), e => Assert.Contains("delivery failed unexpectedly", e.Summary, StringComparison.Ordinal));
        Assert.Equal(2, dispatcher.Failed);
    }

    private NotificationDispatcher Dispatcher(DispatcherOptions options) =>
        new([new WebhookReceiver("oncall", server.HookUrl, http, TimeProvider.System)], journal, TimeProvider.System, options);

    private List<JournalEvent> Events(string kind) => journal.Read(kinds: [kind]).ToList();

    private async Task<JournalEvent> SingleEventAsync(string kind)
    {
        await Eventually.TrueAsync(() => Events(kind).Count > 0, $"a {kind} event");
        return Assert.Single(Events(kind));
    }

    /// <summary>Never answers; honors cancellation like an HTTP call would.</summary>
    private sealed class StuckReceiver(string name) : IAlertReceiver
    {
        private int attempts;

        public string Name => name;

        public string Kind => "test";

        public int Attempts => Volatile.Read(ref attempts);

        public async Task SendAsync(AlertNotification notification, CancellationToken ct)
        {
            Interlocked.Increment(ref attempts);
            await Task.Delay(Timeout.Infinite, ct);
        }
    }

    private sealed class FailingReceiver(string name) : IAlertReceiver
    {
        private int attempts;

        public string Name => name;

        public string Kind => "test";

        public int Attempts => Volatile.Read(ref attempts);

        public Task SendAsync(AlertNotification notification, CancellationToken ct)
        {
            Interlocked.Increment(ref attempts);
            throw new AlertDeliveryException("down", retryable: true);
        }
    }

    /// <summary>Sends fine, but its Kind throws: the journaling after the send fails, outside the retry loop's reach.</summary>
    private sealed class KindlessReceiver(string name) : IAlertReceiver
    {
        public string Name => name;

        public string Kind => throw new InvalidOperationException("no kind");

        public Task SendAsync(AlertNotification notification, CancellationToken ct) => Task.CompletedTask;
    }
}
