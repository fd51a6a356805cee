using GrantAdmin.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Playwright;

namespace GrantAdmin.Tests.Browser;

/// <summary>
/// The application on a real Kestrel port, driven by Debian's Chromium through Playwright. A second app
/// instance next to the in-memory one, with its own database file, SMTP server and clock.
/// </summary>
public class BrowserApp : TestApp
{
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public BrowserApp() => UseKestrel(0); // any free port: a browser cannot reach the in-memory TestServer

    // The HTTP-level helpers (TestData) arrange data through the port the browser uses. A plain client: with
    // Kestrel, CreateClient's handler follows redirects whatever AllowAutoRedirect says.
    protected override HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = BaseAddress };

    // Plain http on 127.0.0.1: Secure-only cookies would never come back from Chromium.
    protected override void ConfigureSettings(IWebHostBuilder builder) => builder.UseSetting("Security:HttpsOnlyCookies", "false");

    // Playwright's defaults (5 s for Expect, 30 s per action) fail on a loaded shared runner, where two app
    // instances, two Chromiums and axe compete for the cores. Waiting longer weakens no assertion.
    private const float SlowMachineTimeout = 90_000;

    public override async ValueTask InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(SlowMachineTimeout);
        StartServer(); // before anything builds the host, so Kestrel (not TestServer) serves it
        await base.InitializeAsync();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());

        playwright = await Playwright.CreateAsync();
        // Never `playwright install`: the distribution's Chromium matches Playwright 1.64 and nothing is downloaded.
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--disable-quic"],
        });
    }

    /// <summary>A fresh browser profile (no cookies) pointed at the app, in Dutch like its users.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(), Locale = "nl-NL", TimezoneId = "Europe/Amsterdam",
        });
        context.SetDefaultTimeout(SlowMachineTimeout);
        return context;
    }

    public override async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>Browser tests share one app and one Chromium, and run one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)] // a second app and Chromium: alone, so CPU load cannot starve its time limits
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
