using System.Text;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Infrastructure.Pdf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

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
    public async Task WarmUp_StartsChromiumBeforeTheFirstLetter_AndAFailureIsOnlyLogged()
    {
        await using var renderer = new PdfRenderer(Options.Create(new PdfSettings()));
        using var warmUp = new PdfWarmUp(renderer, Options.Create(new PdfSettings()), NullLogger<PdfWarmUp>.Instance);
        await warmUp.StartAsync(TestContext.Current.CancellationToken);
        await warmUp.ExecuteTask!;
        Assert.True(renderer.IsWarm);

        await using var broken = new PdfRenderer(Options.Create(new PdfSettings { ChromiumPath = "/nonexistent/chromium" }));
        using var failing = new PdfWarmUp(broken, Options.Create(new PdfSettings { ChromiumPath = "/nonexistent/chromium" }), NullLogger<PdfWarmUp>.Instance);
        await failing.StartAsync(TestContext.Current.CancellationToken);
        await failing.ExecuteTask!; // does not throw: the app keeps running
        Assert.False(broken.IsWarm);
    }
}

/// <summary>Alone (no other test starts a browser meanwhile), so every new Chromium process is this renderer's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChromiumPriorityCollection
{
    public const string Name = "Chromium priority";
}

/// <summary>Letters print at a lower CPU priority than the app, so a verzendronde leaves the cores to web requests first.</summary>
[Collection(ChromiumPriorityCollection.Name)]
public sealed class ChromiumPriorityTests
{
    private static bool IsChromium(int pid) => ProcessPriority.NameOf(pid) is { } name && name.StartsWith("chrom", StringComparison.Ordinal);

    [Fact]
    public async Task Chromium_RunsAtALowerPriorityThanTheApp()
    {
        var before = ProcessPriority.Descendants();
        var own = ProcessPriority.NicenessOf(Environment.ProcessId);
        await using var renderer = new PdfRenderer(Options.Create(new PdfSettings { Niceness = 7 }));
        await renderer.WarmUpAsync(TestContext.Current.CancellationToken);

        var started = ProcessPriority.Descendants().Where(p => !before.Contains(p)).ToList();
        var chromium = started.Where(IsChromium).ToList();
        Assert.NotEmpty(chromium);
        Assert.All(chromium, p => Assert.Equal(7, ProcessPriority.NicenessOf(p)));
        Assert.Equal(own, ProcessPriority.NicenessOf(Environment.ProcessId)); // the app itself keeps its priority

        // A page opened later (a renderer forked from the lowered zygote) inherits it.
        var pdf = await renderer.RenderAsync(PdfRendererTests.Letter("Later", 3), TestContext.Current.CancellationToken, PdfPriority.SomeoneWaits);
        Assert.Contains("Later", Letters.Text(pdf));
        Assert.All(ProcessPriority.Descendants().Where(p => !before.Contains(p) && IsChromium(p)), p => Assert.Equal(7, ProcessPriority.NicenessOf(p)));
    }
}
