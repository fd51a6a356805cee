using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace GrantAdmin.Web.Infrastructure.Pdf;

public sealed class PdfSettings
{
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";
}

/// <summary>
/// Prints HTML (a Razor letter) to a tagged, accessible A4 PDF with headless Chromium. One browser per
/// process, a fresh page per document, and every network request from the page blocked.
/// </summary>
public sealed class PdfRenderer(IOptions<PdfSettings> settings) : IAsyncDisposable
{
    private readonly SemaphoreSlim startLock = new(1, 1);
    private IPlaywright? playwright;
    private IBrowser? browser;

    public async Task<byte[]> RenderAsync(string html, CancellationToken ct)
    {
        var chromium = await BrowserAsync(ct);
        await using var context = await chromium.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Offline = true });
        var page = await context.NewPageAsync();
        await page.RouteAsync("**/*", route => route.AbortAsync());
        await page.SetContentAsync(html);
        return await page.PdfAsync(new PagePdfOptions
        {
            Format = "A4",
            Tagged = true,
            Outline = true,
            PrintBackground = true,
            Margin = new Margin { Top = "20mm", Bottom = "20mm", Left = "20mm", Right = "20mm" },
        });
    }

    private async Task<IBrowser> BrowserAsync(CancellationToken ct)
    {
        if (browser is { IsConnected: true }) return browser;
        await startLock.WaitAsync(ct);
        try
        {
            if (browser is { IsConnected: true }) return browser;
            playwright ??= await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = settings.Value.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--no-first-run", "--disable-sync", "--disable-quic"],
            });
            return browser;
        }
        finally
        {
            startLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        startLock.Dispose();
    }
}
