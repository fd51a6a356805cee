using System.ComponentModel.DataAnnotations;
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace GrantAdmin.Web.Infrastructure.Pdf;

public sealed class PdfSettings
{
    [Required] public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>
    /// Letters printed at once (one warm page each); half the cores, so printing never takes every core from web requests
    /// (on 2 cores a second page cut a stream of submissions from about 1,190/s to 770/s; docs/performance.md).
    /// </summary>
    [Range(1, 16)] public int Pages { get; set; } = Math.Clamp(Environment.ProcessorCount / 2, 1, 4);

    /// <summary>A letter that takes longer fails (and is retried later); its page and, if need be, the browser are replaced.</summary>
    [Range(1, 600)] public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Start Chromium when the app starts, so the first letter someone downloads does not wait for it (seconds).</summary>
    public bool WarmUpAtStart { get; set; } = true;

    /// <summary>
    /// Seconds between the server listening and the warm-up: starting Playwright's driver and Chromium took 1–2.5 s of a
    /// loaded 2-core machine's start and 0.15–0.45 s of the app's own CPU before its first page (issue 16, cold start).
    /// </summary>
    [Range(0, 600)] public int WarmUpDelaySeconds { get; set; } = 3;

    /// <summary>
    /// Linux nice of Chromium's processes (0 = as the app, 19 = lowest): letters print on the cores web requests leave,
    /// so a verzendronde never slows the pages people are waiting for (docs/performance.md, "Letters").
    /// </summary>
    public int Niceness { get; set; } = 10;
}

/// <summary>Who waits for a letter: a job that sends mail, or a person who clicked a download.</summary>
public enum PdfPriority
{
    Background,
    /// <summary>Printed on a page of its own, so it never queues behind a window-opening's hundreds of receipts.</summary>
    SomeoneWaits,
}

/// <summary>
/// Prints HTML (a Razor letter) to a tagged, accessible A4 PDF with headless Chromium. One browser per process and a
/// small pool of warm pages (JavaScript off, offline, every network request blocked) that letters take turns on:
/// setting new content replaces the whole document, so nothing of one letter stays for the next. A browser that
/// died is started again, with new pages. Background letters share <see cref="PdfSettings.Pages"/> pages; a download
/// someone waits for has one more page to itself.
/// </summary>
public sealed class PdfRenderer(IOptions<PdfSettings> settings) : IAsyncDisposable
{
    private readonly SemaphoreSlim startLock = new(1, 1);
    private readonly SemaphoreSlim pageSlots = new(Math.Max(1, settings.Value.Pages));
    private readonly SemaphoreSlim waitingSlot = new(1, 1);
    private readonly ConcurrentBag<IPage> idlePages = [];
    private IPlaywright? playwright;
    private IBrowser? browser;
    private IBrowserContext? context;

    public async Task<byte[]> RenderAsync(string html, CancellationToken ct, PdfPriority priority = PdfPriority.Background)
    {
        var slots = priority == PdfPriority.SomeoneWaits ? waitingSlot : pageSlots;
        await slots.WaitAsync(ct);
        IPage? page = null;
        try
        {
            page = await PageAsync(ct);
            // Text stored before bidi controls were refused at binding may still carry them; a letter never does.
            var pdf = await PrintAsync(page, BidiControls.StripFromHtml(html)).WaitAsync(TimeSpan.FromSeconds(settings.Value.TimeoutSeconds), ct);
            idlePages.Add(page);
            return pdf;
        }
        catch (TimeoutException)
        {
            await RestartAsync(); // a browser that does not answer is replaced, so no letter waits behind it
            throw;
        }
        catch when (page is not null)
        {
            await page.CloseAsync(); // a page that failed is not reused
            throw;
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>The id of Chromium's browser process (Linux), whose process tree prints at <see cref="PdfSettings.Niceness"/>.</summary>
    public int? BrowserProcess { get; private set; }

    /// <summary>The browser is running with a page ready.</summary>
    public bool IsWarm => browser is { IsConnected: true } && !idlePages.IsEmpty;

    /// <summary>Starts the browser and readies a page by printing a blank one.</summary>
    public Task WarmUpAsync(CancellationToken ct) => RenderAsync("<!DOCTYPE html><html lang=\"nl\"><title>-</title></html>", ct);

    /// <summary>How every letter is printed: tagged (accessible) A4 with an outline; public so a benchmark's floor prints the same.</summary>
    public static PagePdfOptions PrintOptions => new()
    {
        Format = "A4",
        Tagged = true,
        Outline = true,
        PrintBackground = true,
        Margin = new Margin { Top = "20mm", Bottom = "20mm", Left = "20mm", Right = "20mm" },
    };

    /// <summary>
    /// How a letter is set on its page. A letter has no script and nothing to fetch (every request is aborted), so the
    /// document is whole once the parser has its HTML: waiting for <c>load</c> too (Playwright's default) costs a round
    /// trip per letter and changes nothing in the PDF (PdfRendererTests prove the bytes equal; docs/performance.md).
    /// </summary>
    public static PageSetContentOptions SetContentOptions => new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    /// <summary>The one headless browser: no sandbox (containers), nothing fetched in the background.</summary>
    public static BrowserTypeLaunchOptions LaunchOptions(PdfSettings settings) => new()
    {
        ExecutablePath = settings.ChromiumPath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync", "--disable-quic"],
    };

    /// <summary>Letters use no script and fetch nothing: each page is offline, with every request aborted.</summary>
    public static BrowserNewContextOptions ContextOptions => new() { JavaScriptEnabled = false, Offline = true };

    private static async Task<byte[]> PrintAsync(IPage page, string html)
    {
        await page.SetContentAsync(html, SetContentOptions);
        return await page.PdfAsync(PrintOptions);
    }

    private async Task RestartAsync()
    {
        await startLock.WaitAsync();
        try
        {
            var old = browser;
            (browser, context) = (null, null);
            idlePages.Clear();
            if (old is not null) await old.CloseAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        finally
        {
            startLock.Release();
        }
    }

    private async Task<IPage> PageAsync(CancellationToken ct)
    {
        while (idlePages.TryTake(out var idle))
            if (!idle.IsClosed && browser is { IsConnected: true }) return idle;
        var warm = await ContextAsync(ct);
        var page = await warm.NewPageAsync();
        await page.RouteAsync("**/*", route => route.AbortAsync());
        ProcessPriority.Lower(BrowserProcess, settings.Value.Niceness); // the page's renderer, which Chromium may have put back at 0
        return page;
    }

    private async Task<IBrowserContext> ContextAsync(CancellationToken ct)
    {
        if (browser is { IsConnected: true } && context is not null) return context;
        await startLock.WaitAsync(ct);
        try
        {
            if (browser is { IsConnected: true } && context is not null) return context;
            idlePages.Clear();
            var before = ProcessPriority.Descendants(Environment.ProcessId);
            playwright ??= await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(LaunchOptions(settings.Value));
            BrowserProcess = ProcessPriority.NewBrowser(before);
            ProcessPriority.Lower(BrowserProcess, settings.Value.Niceness);
            context = await browser.NewContextAsync(ContextOptions);
            return context;
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
        pageSlots.Dispose();
        waitingSlot.Dispose();
    }
}

/// <summary>
/// Warms the renderer once the server listens and its first pages have had the cores (never holding up the start); a
/// failure is logged, and the first letter tries again.
/// </summary>
public sealed class PdfWarmUp(PdfRenderer renderer, IOptions<PdfSettings> settings, IHostApplicationLifetime lifetime, ILogger<PdfWarmUp> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Value.WarmUpAtStart) return;
        try
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
                await started.Task.WaitAsync(stoppingToken);
            await Task.Delay(TimeSpan.FromSeconds(settings.Value.WarmUpDelaySeconds), stoppingToken);
            var warming = System.Diagnostics.Stopwatch.StartNew();
            await renderer.WarmUpAsync(stoppingToken);
            logger.LogInformation("Chromium is ready for letters (warmed up in {WarmUpMs} ms).", warming.ElapsedMilliseconds);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Chromium could not be started for letters; the first letter tries again.");
        }
    }
}
