using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.Tests.Dashboard;

/// <summary>The dashboard served by a real Fulcrum with real backends and traffic, in real headless Chromium.</summary>
public sealed class LiveDashboardTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Shows_a_bar_per_destination_with_the_live_numbers()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 2, 1, 1), ProxyRig.Named(3));
        await rig.SendAsync(800, parallelism: 8);

        var page = await chromium.NewPageAsync();
        await page.GotoAsync(rig.Server.AdminAddress.ToString());

        var web = page.Locator("[data-testid=cluster-panel][data-cluster=web]");
        var rows = web.Locator("[data-testid=dest-row]");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Locator("[data-testid=dest-name]")).ToHaveTextAsync(["a", "b", "c"]);
        // Round robin is exact: 400/200/200 of 800, against expected 50/25/25 %.
        await Expect(rows.Locator("[data-testid=actual-share]")).ToHaveTextAsync(["50.0 %", "25.0 %", "25.0 %"]);
        await Expect(rows.Locator("[data-testid=expected-share]")).ToHaveTextAsync(["50.0 %", "25.0 %", "25.0 %"]);
        await Expect(web.Locator("[data-testid=dest-row][data-destination=a] [data-testid=dest-meta]"))
            .ToHaveTextAsync($"{rig["a"].Address} · weight 2");
        await Expect(web.Locator("[data-testid=verdict-badge]")).ToHaveAttributeAsync("data-state", "balanced");
        await Expect(web.Locator("[data-testid=window-requests]")).ToHaveTextAsync("800");
        await Expect(page.Locator("[data-testid=connection-status]")).ToHaveAttributeAsync("data-state", "live");

        var screenshot = await ChromiumFixture.SaveScreenshotAsync(page, "dashboard-live");
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"screenshot {screenshot} looks empty");
    }
}
