using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.Tests.Dashboard;

/// <summary>
/// The dashboard's own files (embedded in the fulcrum executable) in real headless Chromium, against a real Kestrel
/// serving canned admin API answers: what an operator sees, what the page sends back, and that it stays live.
/// </summary>
public sealed class DashboardPageTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task ShowsOneRowPerDestinationWithActualShareAgainstExpectedShare()
    {
        await using var server = await FakeAdminServer.StartAsync();
        var page = await chromium.NewPageAsync();
        var pageErrors = CollectPageErrors(page);
        await page.GotoAsync(server.BaseAddress.ToString());

        var web = page.Locator("[data-testid=cluster-panel][data-cluster=web]");
        var rows = web.Locator("[data-testid=dest-row]");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Locator("[data-testid=dest-name]")).ToHaveTextAsync(["a", "b", "c"]);
        await Expect(rows.Locator("[data-testid=actual-share]")).ToHaveTextAsync(["71.0 %", "14.6 %", "14.4 %"]);
        await Expect(rows.Locator("[data-testid=expected-share]")).ToHaveTextAsync(["71.4 %", "14.3 %", "14.3 %"]);

        var a = web.Locator("[data-testid=dest-row][data-destination=a]");
        await Expect(a.Locator("[data-testid=dest-meta]")).ToHaveTextAsync("http://127.0.0.1:9001 · weight 5");
        await Expect(a.Locator("[data-testid=dest-flag]")).ToHaveTextAsync("overloaded");
        await Expect(a.Locator("[data-testid=dest-inflight]")).ToHaveTextAsync("31");
        await Expect(a.Locator("[data-testid=dest-error-rate]")).ToHaveTextAsync("8.10 %");
        await Expect(a.Locator("[data-testid=dest-p99]")).ToHaveTextAsync("812 ms");
        await Expect(a.Locator("[data-testid=share-bar]")).ToHaveAttributeAsync("aria-label", "actual 71.0 %, expected 71.4 %, fair 33.3 %");
        Assert.Equal("71%", await a.Locator("[data-testid=actual-bar]").EvaluateAsync<string>("e => e.style.width"));
        Assert.Equal("71.4%", await a.Locator("[data-testid=expected-marker]").EvaluateAsync<string>("e => e.style.left"));
        await Expect(web.Locator("[data-testid=dest-row][data-destination=b] [data-testid=dest-flag]")).ToBeHiddenAsync();

        await Expect(web.Locator("[data-testid=verdict-badge]")).ToHaveAttributeAsync("data-state", "skewed");
        await Expect(web.Locator("[data-testid=verdict-badge]")).ToHaveTextAsync("Skewed · overload skew");
        await Expect(web.Locator("[data-testid=verdict-summary]")).ToContainTextAsync("a is overloaded: 71.0 % of traffic");
        await Expect(web.Locator("[data-testid=fairness-index]")).ToHaveTextAsync("0.612");
        await Expect(web.Locator("[data-testid=cluster-policy]")).ToHaveTextAsync("round-robin");
        await Expect(web.Locator("[data-testid=history-line]")).ToHaveCountAsync(3);

        var api = page.Locator("[data-testid=cluster-panel][data-cluster=api]");
        await Expect(api.Locator("[data-testid=verdict-badge]")).ToHaveTextAsync("Balanced");
        await Expect(api.Locator("[data-testid=dest-row][data-destination=api-3] [data-testid=dest-state]")).ToHaveTextAsync("ejected");
        await Expect(api.Locator("[data-testid=dest-row][data-destination=api-3] [data-testid=dest-p99]")).ToHaveTextAsync("—");

        await Expect(page.Locator("[data-testid=alert-row]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=connection-status]")).ToHaveAttributeAsync("data-state", "live");
        var screenshot = await ChromiumFixture.SaveScreenshotAsync(page, "dashboard");
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"screenshot {screenshot} looks empty");
        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task AckButtonPostsTheAckAndTheAlertShowsAcknowledged()
    {
        await using var server = await FakeAdminServer.StartAsync();
        var page = await chromium.NewPageAsync();
        var pageErrors = CollectPageErrors(page);
        await page.GotoAsync(server.BaseAddress.ToString());

        var alert = page.Locator($"[data-testid=alert-row][data-alert-id='{CannedAdminData.ImbalanceAlertId}']");
        await Expect(alert.Locator("[data-testid=alert-state]")).ToHaveTextAsync("firing");
        await Expect(alert.Locator("[data-testid=alert-summary]")).ToHaveTextAsync("a gets 71.0 % of requests against a fair share of 33.3 %");
        await Expect(alert.Locator("[data-testid=alert-cause]")).ToContainTextAsync("fulcrum.yaml:14");
        Assert.Empty(server.AckedAlertIds);

        await alert.Locator("[data-testid=ack-button]").ClickAsync();

        await Expect(alert.Locator("[data-testid=alert-state]")).ToHaveTextAsync("acknowledged");
        await Expect(alert.Locator("[data-testid=ack-button]")).ToBeHiddenAsync();
        Assert.Equal(CannedAdminData.ImbalanceAlertId, Assert.Single(server.AckedAlertIds));
        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task AFailedAckIsShownOnTheAlertRowAndTheAlertStaysFiring()
    {
        await using var server = await FakeAdminServer.StartAsync();
        server.FailAcks = true;
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(server.BaseAddress.ToString());

        var alert = page.Locator($"[data-testid=alert-row][data-alert-id='{CannedAdminData.ImbalanceAlertId}']");
        await alert.Locator("[data-testid=ack-button]").ClickAsync();

        await Expect(alert.Locator("[data-testid=alert-error]")).ToHaveTextAsync("Could not acknowledge: api/alerts/imbalance-web-a/ack answered HTTP 500");
        await Expect(alert.Locator("[data-testid=alert-state]")).ToHaveTextAsync("firing");
        await Expect(alert.Locator("[data-testid=ack-button]")).ToBeEnabledAsync();
        Assert.Single(server.AckedAlertIds);
    }

    [Fact]
    public async Task PollsAndShowsNewNumbersWithinAFewSeconds()
    {
        await using var server = await FakeAdminServer.StartAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(server.BaseAddress.ToString());
        var actualOfA = page.Locator("[data-cluster=web] [data-destination=a] [data-testid=actual-share]");
        await Expect(actualOfA).ToHaveTextAsync("71.0 %");

        server.Clusters = now =>
        {
            var clusters = CannedAdminData.Clusters(now);
            var a = (JsonObject)clusters[0]!["destinations"]![0]!;
            a["actualShare"] = 0.5;
            return clusters;
        };

        await Expect(actualOfA).ToHaveTextAsync("50.0 %", new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task AsksForATokenOn401AndSendsItAsBearerAfterwards()
    {
        await using var server = await FakeAdminServer.StartAsync(token: "s3cret");
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(server.BaseAddress.ToString());

        var prompt = page.Locator("[data-testid=token-prompt]");
        await Expect(prompt).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=connection-status]")).ToHaveAttributeAsync("data-state", "unauthorized");
        await page.GetByLabel("Admin token").FillAsync("s3cret");
        await page.Locator("[data-testid=token-submit]").ClickAsync();

        await Expect(prompt).ToBeHiddenAsync();
        await Expect(page.Locator("[data-cluster=web] [data-testid=dest-row]")).ToHaveCountAsync(3);
        Assert.Contains("Bearer s3cret", server.AuthorizationHeaders);
    }

    [Fact]
    public async Task TakesTheTokenFromTheUrlFragmentAndRemovesItFromTheAddressBar()
    {
        await using var server = await FakeAdminServer.StartAsync(token: "s3cret");
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(server.BaseAddress + "#token=s3cret");

        await Expect(page.Locator("[data-cluster=web] [data-testid=dest-row]")).ToHaveCountAsync(3);
        await Expect(page.Locator("[data-testid=token-prompt]")).ToBeHiddenAsync();
        Assert.DoesNotContain("s3cret", page.Url);
        Assert.DoesNotContain("", server.AuthorizationHeaders);
    }

    // Uncaught exceptions and console errors: the page must not throw on contract-shaped data.
    private static ConcurrentQueue<string> CollectPageErrors(IPage page)
    {
        var errors = new ConcurrentQueue<string>();
        page.PageError += (_, error) => errors.Enqueue(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue(message.Text);
            }
        };
        return errors;
    }
}
