using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace GrantAdmin.Tests.Browser;

/// <summary>
/// The browser app with the two login providers, served by a real OpenID Connect provider reached as "localhost" while the
/// app is "127.0.0.1": another site, so Chromium treats the return from the provider as cross-site, as in production.
/// </summary>
public sealed class OidcBrowserApp : BrowserApp
{
    public OidcProvider Provider { get; } = new("localhost") { AsksToConfirm = true };

    public override async ValueTask InitializeAsync()
    {
        await Provider.StartAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        foreach (var (key, value) in Provider.AppSettings()) builder.UseSetting(key, value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>Its own app and Chromium: alone, like the other browser tests, so CPU load cannot starve its time limits.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OidcBrowserCollection : ICollectionFixture<OidcBrowserApp>
{
    public const string Name = "oidc-browser";
}

/// <summary>
/// eHerkenning login in real Chromium against the real provider: through the pass-through page /ingelogd (the
/// SameSite=Strict session cookie only comes along after its same-site reload) onto the gemeente's page, out again at the
/// provider under the Content-Security-Policy, and the refusal pages passing axe.
/// </summary>
[Collection(OidcBrowserCollection.Name)]
public sealed class ExternalLoginBrowserTests(OidcBrowserApp app) : IAsyncLifetime
{
    private const string UtrechtOin = "00000001002220647000";

    public async ValueTask InitializeAsync()
    {
        await app.ResetAsync();
        // The provider's tokens and the correlation cookie live on the wall clock: the app's clock must agree.
        app.Clock.SetUtcNow(TimeProvider.System.GetUtcNow());
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task EHerkenningLogin_PassesThroughIngelogd_LandsOnTheGemeentesPage_AndLogsOutAtTheProvider()
    {
        await LinkAsync(await new TestData(app).UserAsync(Roles.Tekenbevoegde, TestData.Utrecht), "pseudo-utrecht");
        app.Provider.Next = new("pseudo-utrecht", UtrechtOin, "eH3", (OidcProvider.ServiceClaim, OidcProvider.SignatoryService));
        var context = await app.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            var requests = new List<IRequest>();
            var violations = new List<string>();
            page.Request += (_, request) => requests.Add(request);
            page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) violations.Add(message.Text); };
            await page.GotoAsync("/inloggen");

            await page.GetByTestId("external-logins").GetByRole(AriaRole.Link, new() { Name = "eHerkenning" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen bij de inlogdienst" }).ClickAsync();
            await page.WaitForURLAsync(new Uri(app.BaseAddress, "/aanvragen").ToString());

            Assert.Contains("Utrecht", await page.Locator("body").TextContentAsync(), StringComparison.Ordinal);
            var passThrough = requests.Where(r => new Uri(r.Url).AbsolutePath == ExternalLoginEvents.SignedInPath).ToList();
            Assert.Equal(["", "?opnieuw=true"], passThrough.Select(r => new Uri(r.Url).Query));
            // Cross-site: the first arrival, at the end of the provider's redirect chain, comes without our session cookie.
            Assert.DoesNotContain("grantadmin.auth", (await passThrough[0].AllHeadersAsync()).GetValueOrDefault("cookie", ""), StringComparison.Ordinal);
            Assert.Contains("grantadmin.auth", (await passThrough[1].AllHeadersAsync()).GetValueOrDefault("cookie", ""), StringComparison.Ordinal);

            await page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" }).ClickAsync();
            await page.WaitForURLAsync(new Uri(app.BaseAddress, "/").ToString());

            Assert.Contains(requests, r => r.Url.StartsWith(app.Provider.Authority + "connect/endsession", StringComparison.Ordinal));
            Assert.False(string.IsNullOrEmpty(Assert.Single(app.Provider.EndedSessions)));
            Assert.Empty(violations);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [InlineData(false, nameof(ExternalLoginRefusal.UnknownIdentity))]
    [InlineData(true, nameof(ExternalLoginRefusal.NoRole))]
    public async Task RefusalPage_SaysWhomToAsk_WithNoSeriousAxeViolations(bool linked, string reason)
    {
        if (linked) await LinkAsync(await new TestData(app).UserAsync(Roles.Invuller, TestData.Utrecht), "pseudo-zonder-machtiging");
        app.Provider.Next = new("pseudo-zonder-machtiging", UtrechtOin, "eH3");
        var context = await app.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/inloggen");

            await page.GetByTestId("external-logins").GetByRole(AriaRole.Link, new() { Name = "eHerkenning" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen bij de inlogdienst" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains(ExternalLoginEvents.RefusedPath, StringComparison.Ordinal));

            Assert.Equal(reason, await page.GetByTestId("external-login-refused").GetAttributeAsync("data-reason"));
            Assert.Contains("servicedesk subsidies", await page.Locator("main").TextContentAsync(), StringComparison.Ordinal);
            await Axe.AssertNoSeriousViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private async Task LinkAsync(string email, string subject)
    {
        await using var connection = await app.Db.OpenAsync();
        var userId = await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @email", new { email });
        await connection.ExecuteAsync(LinkExternalLogin.InsertSql,
            new { scheme = "eherkenning", subject, organisation = UtrechtOin, userId, now = app.Clock.GetUtcNow().UtcDateTime });
    }
}
