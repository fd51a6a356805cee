using GrantAdmin.Tests.Support;

namespace GrantAdmin.Tests.Browser;

/// <summary>The accessibility and privacy statements: reached from every page's footer, and passing axe themselves.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StatementPagesTests(BrowserApp app) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("Toegankelijkheid", "Toegankelijkheidsverklaring")]
    [InlineData("Privacy", "Privacyverklaring")]
    public async Task FooterLink_OpensTheStatement_WithNoSeriousAxeViolations(string link, string heading)
    {
        var context = await app.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(app.BaseAddress, "/plafond").ToString());

            await page.Locator("footer").GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = link }).ClickAsync();

            Assert.Equal(heading, await page.Locator("h1").TextContentAsync());
            await Axe.AssertNoSeriousViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
