using Microsoft.Playwright;

namespace Fulcrum.Tests.Dashboard;

/// <summary>
/// One headless Chromium for a test class (xunit <c>IClassFixture</c>), driven by Playwright for .NET. It uses the
/// Debian <c>chromium</c> package and the Node driver that ships inside the Microsoft.Playwright NuGet package
/// (copied to <c>.playwright/</c> in the build output), so nothing is downloaded: never run <c>playwright install</c>.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // Without the background-networking flags Chromium keeps trying to reach Google's services and is refused
    // on a machine without internet; --no-sandbox because tests may run as root in a container.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("ChromiumFixture is not initialized.");

    /// <summary>Where tests save screenshots: <c>screenshots/</c> under the test output directory.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing: install the Debian package (apt-get install -y chromium); ./test.sh does this.");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh page (own context: own cookies and sessionStorage) at the dashboard's design size, 1280×800.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
        });
        return await context.NewPageAsync();
    }

    /// <summary>Saves a screenshot of the page as <c>screenshots/NAME.png</c> and returns its path.</summary>
    public static async Task<string> SaveScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
