using GrantAdmin.Tests.Support;

namespace GrantAdmin.Tests.Browser;

/// <summary>The public ceiling meter with its picture passes axe (the SVG is hidden; the figures are text).</summary>
[Collection(BrowserCollection.Name)]
public sealed class MeterChartBrowserTests(BrowserApp app) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task PublicMeter_WithAGrant_ShowsTheBars_AndHasNoSeriousAxeViolations()
    {
        await new TestData(app).GrantedApplicationAsync(TestData.Utrecht);
        var context = await app.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(app.BaseAddress, "/plafond").ToString());

            Assert.True(await page.Locator("svg#plafond-grafiek g.bar-group").CountAsync() >= 1);
            await Axe.AssertNoSeriousViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
