using System.Text.Json;
using Fulcrum.Receivers;

namespace Fulcrum.Tests.Receivers;

public sealed class WebhookReceiverTests : IAsyncLifetime
{
    private readonly HttpClient http = new();
    private RecordingHookServer server = null!;

    public async Task InitializeAsync() => server = await RecordingHookServer.StartAsync();

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        http.Dispose();
    }

    [Fact]
    public async Task Posts_the_documented_json_body_with_an_idempotency_key()
    {
        var receiver = new WebhookReceiver("oncall", server.HookUrl, http, TimeProvider.System);

        await receiver.SendAsync(TestNotifications.Firing("oncall"), CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/hook", request.Path);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.Equal("A17:firing:0", request.Headers["Idempotency-Key"]);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal("fulcrum", body.GetProperty("source").GetString());
        Assert.Equal("A17", body.GetProperty("id").GetString());
        Assert.Equal("imbalance", body.GetProperty("name").GetString());
        Assert.Equal("web", body.GetProperty("cluster").GetString());
        Assert.Equal("a", body.GetProperty("destination").GetString());
        Assert.Equal("firing", body.GetProperty("state").GetString());
        Assert.Equal(TestNotifications.FiredAt, body.GetProperty("since").GetDateTimeOffset());
        Assert.Equal("a gets 61 % of requests, expected 33 %", body.GetProperty("summary").GetString());
        Assert.Equal("config.applied at 19:03:12Z: weights a 1→4", body.GetProperty("cause").GetString());
        Assert.Equal(0, body.GetProperty("tier").GetInt32());
        Assert.Equal("oncall", body.GetProperty("receiver").GetString());
        Assert.Equal(TestNotifications.FiredAt, body.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("endsAt").ValueKind);
        Assert.Equal("http://127.0.0.1:9901/#alert-A17", body.GetProperty("dashboardUrl").GetString());
        Assert.Equal("[FIRING] imbalance web/a: a gets 61 % of requests, expected 33 %", body.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_server_error_is_retryable_and_names_the_receiver_url_and_status()
    {
        server.AlwaysFail = true;
        var receiver = new WebhookReceiver("oncall", server.HookUrl, http, TimeProvider.System);

        var error = await Assert.ThrowsAsync<AlertDeliveryException>(() => receiver.SendAsync(TestNotifications.Firing("oncall"), CancellationToken.None));

        Assert.True(error.Retryable);
        Assert.Equal(503, error.StatusCode);
        Assert.Equal($"receiver oncall: {server.HookUrl} answered 503 Service Unavailable: receiver trouble", error.Message);
    }

    [Fact]
    public async Task A_client_error_other_than_408_or_429_is_not_retryable()
    {
        server.AlwaysFail = true;
        server.FailureStatus = 400;
        var receiver = new WebhookReceiver("oncall", server.HookUrl, http, TimeProvider.System);

        var error = await Assert.ThrowsAsync<AlertDeliveryException>(() => receiver.SendAsync(TestNotifications.Firing("oncall"), CancellationToken.None));

        Assert.False(error.Retryable);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task A_receiver_that_answers_too_late_times_out_as_retryable()
    {
        server.AnswerDelay = TimeSpan.FromSeconds(30);
        var receiver = new WebhookReceiver("oncall", server.HookUrl, http, TimeProvider.System, TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<AlertDeliveryException>(() => receiver.SendAsync(TestNotifications.Firing("oncall"), CancellationToken.None));

        Assert.True(error.Retryable);
        Assert.Contains("no answer from", error.Message);
        Assert.Contains("within 0.2s", error.Message);
    }

    [Fact]
    public async Task Nobody_listening_is_retryable()
    {
        var closedPort = FreePort.Find();
        var receiver = new WebhookReceiver("oncall", new Uri($"http://127.0.0.1:{closedPort}/hook"), http, TimeProvider.System);

        var error = await Assert.ThrowsAsync<AlertDeliveryException>(() => receiver.SendAsync(TestNotifications.Firing("oncall"), CancellationToken.None));

        Assert.True(error.Retryable);
        Assert.StartsWith($"receiver oncall: http://127.0.0.1:{closedPort}/hook: ", error.Message);
    }
}
