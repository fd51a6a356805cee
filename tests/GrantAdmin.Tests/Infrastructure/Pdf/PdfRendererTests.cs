using System.Text;
using System.Text.RegularExpressions;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Infrastructure.Pdf;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace GrantAdmin.Tests.Infrastructure.Pdf;

/// <summary>The real Chromium: a download someone waits for is printed beside the mail queue, not behind it; the renderer warms at start.</summary>
public sealed class PdfRendererTests
{
    internal static string Letter(string title, int paragraphs)
    {
        var html = new StringBuilder($"<!DOCTYPE html><html lang=\"nl\"><title>{title}</title><body><h1>{title}</h1>");
        for (var i = 0; i < paragraphs; i++) html.Append("<p>Alinea ").Append(i).Append(": de minister van Volksgezondheid, Welzijn en Sport besluit.</p>");
        return html.Append("</body></html>").ToString();
    }

    [Fact]
    public async Task ADownload_IsPrintedWhileTheBackgroundPagesAreBusy()
    {
        await using var renderer = new PdfRenderer(Options.Create(new PdfSettings { Pages = 1 }));
        await renderer.WarmUpAsync(TestContext.Current.CancellationToken);
        var heavy = Letter("Zwaar", 4_000); // hundreds of pages: the one background page is busy for a while
        var first = renderer.RenderAsync(heavy, TestContext.Current.CancellationToken);
        var second = renderer.RenderAsync(heavy, TestContext.Current.CancellationToken); // queued behind the first

        var download = await renderer.RenderAsync(Letter("Ontvangstbevestiging", 3), TestContext.Current.CancellationToken, PdfPriority.SomeoneWaits);

        Assert.Contains("Ontvangstbevestiging", Letters.Text(download));
        Assert.False(second.IsCompleted, "the download waited for the queued background letter");
        await Task.WhenAll(first, second);
    }

    [Fact]
    public async Task ALetterSetWithoutWaitingForLoad_PrintsTheSamePdf_TaggedAndWhole()
    {
        // A styled letter over two pages, with tables and headings: what the structure tree and the layout are made of.
        var html = Letter("Besluit", 40).Replace("<title>", "<style>body { font-family: \"Liberation Sans\", sans-serif; } th { text-align: left; }</style><title>", StringComparison.Ordinal)
            .Replace("</body>", "<h2>Stand</h2><table><tr><th scope=\"row\">Uitkeringsplafond</th><td>€ 1.250.000,00</td></tr></table></body>", StringComparison.Ordinal);
        var settings = new PdfSettings();
        await using var renderer = new PdfRenderer(Options.Create(settings));
        var printed = await renderer.RenderAsync(html, TestContext.Current.CancellationToken);

        // The reference: Playwright's default, waiting for the load event, on a page set up as the renderer's are.
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(PdfRenderer.LaunchOptions(settings));
        var page = await (await browser.NewContextAsync(PdfRenderer.ContextOptions)).NewPageAsync();
        await page.RouteAsync("**/*", route => route.AbortAsync());
        await page.SetContentAsync(html, new() { WaitUntil = WaitUntilState.Load });
        var reference = await page.PdfAsync(PdfRenderer.PrintOptions);

        Assert.Equal(WithoutDates(reference), WithoutDates(printed));
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(printed);
        Assert.True(pdf.NumberOfPages > 1, "more than one page");
        Assert.True(pdf.Structure.Catalog.CatalogDictionary.ContainsKey(UglyToad.PdfPig.Tokens.NameToken.Create("StructTreeRoot")), "tagged");
        Assert.Contains("Uitkeringsplafond", Letters.Text(printed));
    }

    /// <summary>The PDF's bytes without its creation and modification instants, the only part that differs between two prints.</summary>
    private static string WithoutDates(byte[] pdf) =>
        Regex.Replace(Encoding.Latin1.GetString(pdf), @"/(CreationDate|ModDate) \(D:[^)]*\)", "/$1 ()");

    [Fact]
    public async Task WarmUp_StartsChromiumOnceTheServerListens_BeforeTheFirstLetter_AndAFailureIsOnlyLogged()
    {
        var settings = new PdfSettings { WarmUpDelaySeconds = 0 };
        await using var renderer = new PdfRenderer(Options.Create(settings));
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        using var warmUp = new PdfWarmUp(renderer, Options.Create(settings), lifetime, NullLogger<PdfWarmUp>.Instance);
        await warmUp.StartAsync(TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(warmUp.ExecuteTask!.IsCompleted, "the warm-up began before the server listened");
        lifetime.NotifyStarted();
        await warmUp.ExecuteTask!;
        Assert.True(renderer.IsWarm);

        var brokenSettings = new PdfSettings { ChromiumPath = "/nonexistent/chromium", WarmUpDelaySeconds = 0 };
        await using var broken = new PdfRenderer(Options.Create(brokenSettings));
        using var failing = new PdfWarmUp(broken, Options.Create(brokenSettings), lifetime, NullLogger<PdfWarmUp>.Instance);
        await failing.StartAsync(TestContext.Current.CancellationToken);
        await failing.ExecuteTask!; // does not throw: the app keeps running
        Assert.False(broken.IsWarm);
    }
}

/// <summary>Letters print at a lower CPU priority than the app, so a verzendronde leaves the cores to web requests first.</summary>
public sealed class ChromiumPriorityTests
{
    [Fact]
    public async Task ChromiumsProcesses_RunAtALowerPriorityThanTheApp_TheRendererThatPrintsToo()
    {
        var own = ProcessPriority.NicenessOf(Environment.ProcessId);
        await using var renderer = new PdfRenderer(Options.Create(new PdfSettings { Niceness = 7 }));
        var pdf = await renderer.RenderAsync(PdfRendererTests.Letter("Brief", 3), TestContext.Current.CancellationToken);
        Assert.Contains("Brief", Letters.Text(pdf));

        var browser = Assert.IsType<int>(renderer.BrowserProcess);
        Assert.True(ProcessPriority.IsChromium(browser));
        Assert.Equal(7, ProcessPriority.NicenessOf(browser));
        var renderers = ProcessPriority.Descendants(browser).Where(p => File.ReadAllText($"/proc/{p}/cmdline").Contains("--type=renderer", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(renderers);
        Assert.Contains(renderers, p => ProcessPriority.NicenessOf(p) == 7); // the letter's page (Chromium runs spare ones as it likes)
        Assert.Equal(own, ProcessPriority.NicenessOf(Environment.ProcessId)); // the app itself keeps its priority
    }
}
