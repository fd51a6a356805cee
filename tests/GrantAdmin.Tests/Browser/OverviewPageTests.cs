using System.Text.RegularExpressions;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using Microsoft.Playwright;
using static GrantAdmin.Tests.Features.Programme.Overview.OverviewScenario;
using static Microsoft.Playwright.Assertions;

namespace GrantAdmin.Tests.Browser;

/// <summary>
/// The programme overview as a programmamanager sees it (issue 14 §10): a few screens tall at 1280 px instead of 29,400 px,
/// no chart label cut off by its drawing, the gemeenten a page at a time with the filter kept, and at 320 px no sideways
/// scrolling. axe passes on it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OverviewPageTests(BrowserApp app) : IAsyncLifetime
{
    /// <summary>About seven screens of 800 px: the filters, counts, six charts and twenty rows; the whole table was 29,400 px.</summary>
    private const int MaxHeight = 6_000;

    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Overview_IsAFewScreensTall_ChartsFitTheirDrawing_PagesKeepTheFilter_AndItReflowsAt320()
    {
        var data = new TestData(app);
        await ArrangeAsync(app, data);
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await ReviewerJourneyTests.LogInAsync(page, await data.UserAsync(Roles.Programmamanager));

        await page.GotoAsync("/programma/overzicht");
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        Assert.True(height < MaxHeight, $"The overview is {height} px tall at 1280 px.");
        await Expect(page.GetByTestId("gemeenten").Locator("tbody tr")).ToHaveCountAsync(20);
        Assert.True(await page.Locator("figure.chart").CountAsync() >= 4);
        // Measured in the browser, with the real font: every label lies inside its chart's drawing.
        var clipped = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('figure.chart svg')].flatMap(svg => {
                const box = svg.getBoundingClientRect();
                return [...svg.querySelectorAll('text')].filter(t => {
                    const r = t.getBoundingClientRect();
                    return r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
                }).map(t => svg.closest('figure').id + ': ' + t.textContent);
            })
            """);
        Assert.Empty(clipped);
        await Axe.AssertNoSeriousViolationsAsync(page);

        // A province with three pages: the next page keeps the filter in its address.
        await page.GetByLabel("Provincie", new() { Exact = true }).SelectOptionAsync("Noord-Brabant");
        await page.GetByRole(AriaRole.Button, new() { Name = "Toon" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("provincie=Noord-Brabant"));
        await page.GetByTestId("pagination").GetByRole(AriaRole.Link, new() { Name = "Volgende pagina" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"provincie=Noord-Brabant&pagina=2#gemeenten-titel$"));
        await Expect(page.GetByTestId("pagination-status")).ToHaveTextAsync("Gemeenten 21 tot en met 40 van 56");
        await Expect(page.GetByTestId("pagination").Locator("a[aria-current=page]")).ToHaveTextAsync("2");
        await Axe.AssertNoSeriousViolationsAsync(page);

        await page.SetViewportSizeAsync(320, 800);
        await page.GotoAsync("/programma/overzicht");
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 320);
    }
}
