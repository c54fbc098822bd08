using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.Tests.Dashboard;

/// <summary>
/// What the dashboard must not get wrong (issue: a dashboard that tells the truth), in real headless Chromium against
/// canned admin API answers: the expected share of each history point (not today's drawn over the past), the fair
/// share, idle gaps, Ack only on firing alerts, resolved incidents kept, the forced-config banner, Jain's quantity,
/// escaped text, and a 1920×1080 wall-screen screenshot.
/// </summary>
public sealed class DashboardTruthTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task The_chart_draws_each_points_expected_share_the_fair_share_and_idle_gaps()
    {
        await using var server = await FakeAdminServer.StartAsync();
        server.Clusters = _ => [RolledBackCluster()];
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(server.BaseAddress.ToString());
        var web = page.Locator("[data-testid=cluster-panel][data-cluster=web]");
        await Expect(web.Locator("[data-testid=history-svg]")).ToHaveAttributeAsync("data-points", "24");

        // a was expected at 75 % before the rollback and at 33 % after: the dashed line has both levels.
        var expectedA = await web.Locator("[data-testid=history-expected][data-destination=a]").GetAttributeAsync("d");
        Assert.Equal(2, YLevels(expectedA!).Count);
        var fairA = await web.Locator("[data-testid=history-fair][data-destination=a]").GetAttributeAsync("d");
        Assert.Single(YLevels(fairA!));

        // Points 10..13 are idle (no request in the window): each line breaks there instead of dropping to 0 %.
        await Expect(web.Locator("[data-testid=history-svg]")).ToHaveAttributeAsync("data-idle-points", "4");
        await Expect(web.Locator("[data-testid=history-idle]")).ToHaveCountAsync(1);
        var actualA = await web.Locator("[data-testid=history-line][data-destination=a]").GetAttributeAsync("d");
        Assert.Equal(2, actualA!.Count(c => c == 'M'));
        var bottom = await web.Locator("[data-testid=history-svg] .chart-grid line").First.GetAttributeAsync("y1");
        Assert.DoesNotContain(double.Parse(bottom!, CultureInfo.InvariantCulture), YLevels(actualA!));
    }

    [Fact]
    public async Task Ack_only_on_firing_alerts_resolved_incidents_stay_and_the_forced_banner_shows()
    {
        await using var server = await FakeAdminServer.StartAsync();
        server.MoreAlerts.Add(Alert("pending-1", "pending", firedAt: null, resolvedAt: null));
        server.MoreAlerts.Add(Alert("old-1", "resolved", firedAt: Now.AddMinutes(-20), resolvedAt: Now.AddMinutes(-12)));
        server.MoreAlerts.Add(Alert("never-fired", "resolved", firedAt: null, resolvedAt: Now.AddMinutes(-3)));
        server.Serving = new JsonObject
        {
            ["appliedAt"] = Now.AddMinutes(-4).ToString("O"), ["trigger"] = "admin-api", ["forced"] = true, ["forcedBy"] = "ops-token", ["reason"] = "sale traffic",
            ["errorFindings"] = 2, ["source"] = "POST /api/config", ["file"] = "/etc/fulcrum/fulcrum.yaml", ["differsFromDisk"] = true,
        };
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(server.BaseAddress.ToString());

        var firing = page.Locator($"[data-testid=alert-row][data-alert-id='{CannedAdminData.ImbalanceAlertId}']");
        await Expect(firing.Locator("[data-testid=ack-button]")).ToBeVisibleAsync();
        var pending = page.Locator("[data-testid=alert-row][data-alert-id=pending-1]");
        await Expect(pending).ToBeVisibleAsync();
        await Expect(pending.Locator("[data-testid=ack-button]")).ToHaveCountAsync(0);

        var incidents = page.Locator("[data-testid=incident-row]");
        await Expect(incidents).ToHaveCountAsync(1);
        await Expect(incidents.First).ToHaveAttributeAsync("data-alert-id", "old-1");

        var banner = page.Locator("[data-testid=config-banner]");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("FORCED");
        await Expect(banner).ToContainTextAsync("2 error-level audit finding(s) by ops-token");
        await Expect(banner).ToContainTextAsync("reason: \"sale traffic\"");
        await Expect(banner).ToContainTextAsync("differs from the file on disk");

        server.Serving = new JsonObject { ["forced"] = false, ["differsFromDisk"] = false, ["trigger"] = "startup" };
        await Expect(banner).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Jain_names_its_quantity_and_explains_an_even_index_next_to_an_overload_skew()
    {
        await using var server = await FakeAdminServer.StartAsync();
        server.Clusters = _ =>
        {
            var cluster = RolledBackCluster();
            cluster["fairnessIndex"] = 1.0;
            cluster["promise"] = "in-flight per unit weight is equal";
            cluster["promisedQuantity"] = "in-flight per unit weight";
            return [cluster];
        };
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(server.BaseAddress.ToString());
        var web = page.Locator("[data-testid=cluster-panel][data-cluster=web]");
        await Expect(web.Locator("[data-testid=fairness-index-label]")).ToHaveTextAsync("Jain index on in-flight per unit weight");
        await Expect(web.Locator("[data-testid=fairness-index]")).ToHaveTextAsync("1.000");
        await Expect(web.Locator("[data-testid=verdict-badge]")).ToHaveAttributeAsync("data-state", "skewed");
        await Expect(web.Locator("[data-testid=jain-note]")).ToContainTextAsync("the skew is OVERLOAD");
        await Expect(web.Locator("[data-testid=cluster-promise]")).ToHaveTextAsync("Promise: in-flight per unit weight is equal");
        // Requests per second against the declared capacity.
        await Expect(web.Locator("[data-testid=dest-row][data-destination=a] [data-testid=dest-rate]")).ToHaveTextAsync("250 / 200 (125 %)");
        await Expect(web.Locator("[data-testid=dest-row][data-destination=b] [data-testid=dest-rate]")).ToHaveTextAsync("4.5");
    }

    [Fact]
    public async Task Control_characters_and_html_in_names_and_summaries_are_shown_escaped()
    {
        await using var server = await FakeAdminServer.StartAsync();
        var evil = Alert("evil", "pending", null, null);
        evil["summary"] = "<img src=x onerror=alert(1)>\u001b[31mred\u202eevil\nline";
        server.MoreAlerts.Add(evil);
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(server.BaseAddress.ToString());
        var summary = page.Locator("[data-testid=alert-row][data-alert-id=evil] [data-testid=alert-summary]");
        await Expect(summary).ToHaveTextAsync("<img src=x onerror=alert(1)>\\u001b[31mred\\u202eevil\\u000aline");
        await Expect(page.Locator("img")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Wall_screen_1920x1080_screenshot()
    {
        await using var server = await FakeAdminServer.StartAsync();
        server.Clusters = now => [RolledBackCluster(), .. CannedAdminData.Clusters(now).Skip(1).Select(c => c!.DeepClone())];
        server.MoreAlerts.Add(Alert("pending-1", "pending", null, null));
        server.MoreAlerts.Add(Alert("old-1", "resolved", Now.AddMinutes(-20), Now.AddMinutes(-12)));
        server.Serving = new JsonObject { ["forced"] = true, ["errorFindings"] = 1, ["trigger"] = "admin-api", ["differsFromDisk"] = true, ["file"] = "/etc/fulcrum/fulcrum.yaml", ["source"] = "POST /api/config" };
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1920, Height = 1080 },
            Locale = "en-GB",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.BaseAddress.ToString());
        await Expect(page.Locator("[data-testid=history-svg]").First).ToHaveAttributeAsync("data-points", "24");
        await Expect(page.Locator("[data-testid=config-banner]")).ToBeVisibleAsync();
        // Read from across a room: no text on the page below 13 px.
        var smallest = await page.EvaluateAsync<double>(
            "() => Math.min(...[...document.querySelectorAll('body *')].filter(e => e.offsetParent !== null && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())).map(e => parseFloat(getComputedStyle(e).fontSize)))");
        Assert.True(smallest >= 13, $"smallest text is {smallest}px");
        // Every column of every destination table fits: none hidden behind a horizontal scroll.
        var clipped = await page.EvaluateAsync<int>(
            "() => [...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth + 1).length");
        Assert.Equal(0, clipped);
        var screenshot = await ChromiumFixture.SaveScreenshotAsync(page, "dashboard-wall-1920x1080");
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"screenshot {screenshot} looks empty");
    }

    // A cluster rolled back 60 s ago: before, a was expected at 75 %; after, at 33 %; idle for 4 points in between.
    private static JsonObject RolledBackCluster()
    {
        var history = new JsonArray();
        for (var i = 0; i < 24; i++)
        {
            var before = i < 12;
            var idle = i is >= 10 and < 14;
            var a = before ? 0.74 : 0.34;
            history.Add(new JsonObject
            {
                ["time"] = Now.AddSeconds(-5 * (23 - i)).ToString("O"),
                ["shares"] = idle ? new JsonObject { ["a"] = 0.0, ["b"] = 0.0 } : new JsonObject { ["a"] = a, ["b"] = 1 - a },
                ["expected"] = before ? new JsonObject { ["a"] = 0.75, ["b"] = 0.25 } : new JsonObject { ["a"] = 1 / 3.0, ["b"] = 2 / 3.0 },
                ["fair"] = new JsonObject { ["a"] = 0.5, ["b"] = 0.5 },
                ["windowRequests"] = idle ? 0 : 500,
            });
        }
        return new JsonObject
        {
            ["name"] = "web", ["policy"] = "least-requests", ["panic"] = false, ["fairnessIndex"] = 0.97, ["windowRequests"] = 15_270,
            ["promise"] = "shares follow the weights", ["promisedQuantity"] = "share / expected share",
            ["verdict"] = new JsonObject
            {
                ["state"] = "skewed", ["signal"] = "overload", ["destination"] = "a", ["deviation"] = 0.4, ["since"] = Now.AddSeconds(-40).ToString("O"),
                ["summary"] = "a is overloaded: errors 9 % while getting its fair share",
            },
            ["destinations"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "a", ["address"] = "http://127.0.0.1:9001/", ["weight"] = 1, ["capacity"] = 200, ["healthy"] = true, ["eligible"] = true,
                    ["expectedShare"] = 1 / 3.0, ["fairShare"] = 0.5, ["actualShare"] = 0.34, ["inFlight"] = 4, ["requests"] = 15_000, ["errors"] = 0,
                    ["errorRate"] = 0.0, ["p99Ms"] = 12.0, ["requestsPerSecond"] = 250.0, ["capacityLoad"] = 1.25,
                },
                new JsonObject
                {
                    ["name"] = "b", ["address"] = "http://127.0.0.1:9002/", ["weight"] = 2, ["healthy"] = true, ["eligible"] = true,
                    ["expectedShare"] = 2 / 3.0, ["fairShare"] = 0.5, ["actualShare"] = 0.66, ["inFlight"] = 3, ["requests"] = 270, ["errors"] = 0,
                    ["errorRate"] = 0.0, ["p99Ms"] = 9.0, ["requestsPerSecond"] = 4.5,
                }),
            ["history"] = history,
        };
    }

    private static JsonObject Alert(string id, string state, DateTimeOffset? firedAt, DateTimeOffset? resolvedAt) => new()
    {
        ["id"] = id, ["name"] = "imbalance", ["cluster"] = "web", ["destination"] = "a", ["state"] = state,
        ["since"] = Now.AddMinutes(-25).ToString("O"), ["summary"] = $"alert {id}",
        ["firedAt"] = firedAt?.ToString("O"), ["resolvedAt"] = resolvedAt?.ToString("O"),
    };

    // The distinct y coordinates of an SVG path "M x y L x y …".
    internal static HashSet<double> YLevels(string path)
    {
        var numbers = path.Split([' ', 'M', 'L'], StringSplitOptions.RemoveEmptyEntries);
        return numbers.Where((_, i) => i % 2 == 1).Select(n => double.Parse(n, CultureInfo.InvariantCulture)).ToHashSet();
    }
}
