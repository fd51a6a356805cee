using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using Microsoft.AspNetCore.Hosting;

namespace GrantAdmin.Tests.Features.Account;

/// <summary>The app with two login providers configured, both served by one real OpenID Connect provider on a loopback port.</summary>
public sealed class OidcApp : TestApp
{
    public OidcProvider Provider { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await Provider.StartAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Provider.AppSettings()) builder.UseSetting(key, value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>
/// Login through OpenID Connect, end to end through the real MVC pipeline and a real provider: the linked user's gemeente
/// and the role the provider's claims give come out of it, in our own server-side session; everything else ends on a
/// Dutch page, never in a 500.
/// </summary>
[Collection(OwnAppCollection.Name)]
public sealed class ExternalLoginTests(OidcApp app) : IClassFixture<OidcApp>, IAsyncLifetime
{
    private const string UtrechtOin = "00000001002220647000";
    private static readonly (string, string) Signatory = (OidcProvider.ServiceClaim, OidcProvider.SignatoryService);
    private static readonly (string, string) Filler = (OidcProvider.ServiceClaim, OidcProvider.FillerService);

    private OidcApp App { get; } = app;
    private OidcProvider Provider => App.Provider;
    private TestData Data => new(App);

    public async ValueTask InitializeAsync()
    {
        await App.ResetAsync();
        // The provider's tokens and the correlation cookie's expiry live on the wall clock: the app's clock must agree.
        App.Clock.SetUtcNow(TimeProvider.System.GetUtcNow());
        Provider.Spoiling = OidcProvider.Spoil.Nothing;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The machtiging the broker states decides the role at each login, whatever role the linked account was made with.</summary>
    [Theory]
    [InlineData(Roles.Invuller, OidcProvider.SignatoryService, Roles.Tekenbevoegde)]
    [InlineData(Roles.Tekenbevoegde, OidcProvider.FillerService, Roles.Invuller)]
    [InlineData(Roles.Tekenbevoegde, OidcProvider.SignatoryService, Roles.Tekenbevoegde)]
    public async Task LinkedGemeenteUser_LogsInWithEHerkenning_InTheRoleTheBrokersClaimGives_ForTheLinkedGemeente(string stored, string service, string role)
    {
        var email = await Data.UserAsync(stored, TestData.Utrecht);
        await LinkAsync(email, "eherkenning", "pseudo-utrecht", UtrechtOin);
        Provider.Next = new("pseudo-utrecht", UtrechtOin, "eH3", (OidcProvider.ServiceClaim, service));
        using var browser = new Browser(App, Provider);

        var landed = await browser.LoginAsync("eherkenning");

        Assert.Equal(HttpStatusCode.OK, landed.Status);
        Assert.Equal("/aanvragen", browser.LastPath);
        Assert.Equal((email, role, "Utrecht"), await SessionUserAsync());
        Assert.Contains(browser.Visited, u => u.StartsWith(Provider.Authority + "connect/authorize", StringComparison.Ordinal) && u.Contains("code_challenge=", StringComparison.Ordinal));
        Assert.Equal(stored == role ? $"via eherkenning als {role}" : $"via eherkenning als {role} (was {stored})", await LastAuditDetailsAsync("Ingelogd"));
        Assert.Equal(role, await StoredRoleAsync(email));
    }

    [Fact]
    public async Task AThirdSignatoryMachtiging_IsRefused_WhileTheGemeenteHasTwo_AndTheAccountKeepsItsRole()
    {
        await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        var email = await Data.UserAsync(Roles.Invuller, TestData.Utrecht);
        await LinkAsync(email, "eherkenning", "pseudo-utrecht", UtrechtOin);
        Provider.Next = new("pseudo-utrecht", UtrechtOin, "eH3", Signatory);
        using var browser = new Browser(App, Provider);

        var page = await browser.LoginAsync("eherkenning");

        AssertRefused(page, ExternalLoginRefusal.SignatoriesFull);
        Assert.Contains("al 2 tekenbevoegden", page.Text("main"), StringComparison.Ordinal);
        Assert.Equal(0, await SessionCountAsync());
        Assert.Equal(Roles.Invuller, await StoredRoleAsync(email));
        Assert.Null(await LastAuditDetailsAsync("Ingelogd"));
    }

    private async Task<string> StoredRoleAsync(string email)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<string>("SELECT role FROM users WHERE email = @email", new { email });
    }

    [Fact]
    public async Task BothMachtigingen_GiveTheFirstMapped_Tekenbevoegde()
    {
        await LinkAsync(await Data.UserAsync(Roles.Invuller, TestData.Utrecht), "eherkenning", "pseudo-utrecht", UtrechtOin);
        Provider.Next = new("pseudo-utrecht", UtrechtOin, "eH3", Filler, Signatory);
        using var browser = new Browser(App, Provider);

        await browser.LoginAsync("eherkenning");

        Assert.Equal(Roles.Tekenbevoegde, (await SessionUserAsync()).Role);
    }

    [Fact]
    public async Task LinkedGemeenteUser_WithoutMachtiging_GetsTheDutchPage_NamingWhomToAsk_AndNoSession()
    {
        await LinkAsync(await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht), "eherkenning", "pseudo-utrecht", UtrechtOin);
        Provider.Next = new("pseudo-utrecht", UtrechtOin, "eH3", (OidcProvider.ServiceClaim, "urn:etoegang:DV:00000001234567890000:services:9"));
        using var browser = new Browser(App, Provider);

        var page = await browser.LoginAsync("eherkenning");

        AssertRefused(page, ExternalLoginRefusal.NoRole);
        Assert.Contains("beheerder van eHerkenning in uw gemeente", page.Text("main"), StringComparison.Ordinal);
        Assert.Contains("servicedesk subsidies", page.Text("main"), StringComparison.Ordinal);
        Assert.Equal(0, await SessionCountAsync());
        Assert.Null(await LastAuditDetailsAsync("Ingelogd"));
    }

    [Theory]
    [InlineData(Roles.Behandelaar, OidcProvider.ApproverRole, Roles.Accordeerder)]
    [InlineData(Roles.Accordeerder, OidcProvider.ReviewerRole, Roles.Behandelaar)]
    public async Task OfficeUser_LogsInWithTheMinistrysProvider_InTheRoleItsClaimGives_WithoutOrganisationOrLevel(string stored, string claimed, string role)
    {
        var email = await Data.UserAsync(stored);
        await LinkAsync(email, "ministerie", "medewerker-7", null);
        Provider.Next = new("medewerker-7", null, "onbekend-niveau", (OidcProvider.OfficeRoleClaim, claimed));
        using var browser = new Browser(App, Provider);

        await browser.LoginAsync("ministerie");

        Assert.Equal("/behandeling", browser.LastPath);
        Assert.Equal((email, role, (string?)null), await SessionUserAsync());
    }

    [Fact]
    public async Task OfficeUser_WithoutARoleClaim_IsRefused_AskingTheHelpContact()
    {
        await LinkAsync(await Data.UserAsync(Roles.Behandelaar), "ministerie", "medewerker-7", null);
        Provider.Next = new("medewerker-7", null, "onbekend-niveau");
        using var browser = new Browser(App, Provider);

        var page = await browser.LoginAsync("ministerie");

        AssertRefused(page, ExternalLoginRefusal.NoRole);
        Assert.Contains("Vraag de servicedesk subsidies", page.Text("main"), StringComparison.Ordinal);
        Assert.Equal(0, await SessionCountAsync());
    }

    [Fact]
    public async Task UnlinkedIdentity_GetsTheDutchPage_WithWhomToAskAndWhatToTellThem()
    {
        Provider.Next = new("pseudo-onbekend", UtrechtOin, "eH4");
        using var browser = new Browser(App, Provider);

        var page = await browser.LoginAsync("eherkenning");

        AssertRefused(page, ExternalLoginRefusal.UnknownIdentity);
        Assert.Contains("servicedesk subsidies", page.Text("main"), StringComparison.Ordinal);
        Assert.Equal("pseudo-onbekend", page.Text("[data-testid=subject]"));
        Assert.Equal(UtrechtOin, page.Text("[data-testid=organisation]"));
        Assert.Equal(0, await SessionCountAsync());
    }

    [Fact]
    public async Task LinkedIdentity_ActingForAnotherOrganisation_IsRefused()
    {
        await LinkAsync(await Data.UserAsync(Roles.Invuller, TestData.Utrecht), "eherkenning", "pseudo-utrecht", UtrechtOin);
        Provider.Next = new("pseudo-utrecht", "00000001001234567000", "eH3");
        using var browser = new Browser(App, Provider);

        AssertRefused(await browser.LoginAsync("eherkenning"), ExternalLoginRefusal.OtherOrganisation);
        Assert.Equal(0, await SessionCountAsync());
    }

    [Theory]
    [InlineData("eH2+")]
    [InlineData("eH1")]
    [InlineData("loa3")]
    public async Task AssuranceBelowEH3_IsRefused_EvenForALinkedUser(string level)
    {
        await LinkAsync(await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht), "eherkenning", "pseudo-utrecht", UtrechtOin);
        Provider.Next = new("pseudo-utrecht", UtrechtOin, level);
        using var browser = new Browser(App, Provider);

        var page = await browser.LoginAsync("eherkenning");

        AssertRefused(page, ExternalLoginRefusal.AssuranceTooLow);
        Assert.Contains("eH3", page.Text("main"), StringComparison.Ordinal);
        Assert.Equal(0, await SessionCountAsync());
    }

    [Theory]
    [InlineData(OidcProvider.Spoil.Audience)]
    [InlineData(OidcProvider.Spoil.Issuer)]
    [InlineData(OidcProvider.Spoil.Nonce)]
    public async Task SpoiledIdentityToken_IsRefused_WithTheDutchPage(OidcProvider.Spoil spoil)
    {
        await LinkAsync(await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht), "eherkenning", "pseudo-utrecht", UtrechtOin);
        Provider.Next = new("pseudo-utrecht", UtrechtOin, "eH3");
        Provider.Spoiling = spoil;
        using var browser = new Browser(App, Provider);

        var page = await browser.LoginAsync("eherkenning");

        AssertRefused(page, ExternalLoginRefusal.Failed);
        Assert.Equal(0, await SessionCountAsync());
    }

    [Fact]
    public async Task Logout_EndsOurSession_AndTheSessionAtTheProvider()
    {
        await LinkAsync(await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht), "eherkenning", "pseudo-utrecht", UtrechtOin);
        Provider.Next = new("pseudo-utrecht", UtrechtOin, "eH3", Signatory);
        using var browser = new Browser(App, Provider);
        await browser.LoginAsync("eherkenning");
        var token = await browser.App.TokenAsync("/wachtwoord");

        var response = await browser.App.Http.PostAsync("/uitloggen", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        var home = await browser.FollowAsync(response);

        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Equal("/", browser.LastPath);
        Assert.Contains(browser.Visited, u => u.StartsWith(Provider.Authority + "connect/endsession", StringComparison.Ordinal));
        Assert.False(string.IsNullOrEmpty(Assert.Single(Provider.EndedSessions)));
        Assert.Equal(0, await SessionCountAsync());
        Assert.Equal("/inloggen", (await browser.App.GetAsync("/aanvragen")).RedirectPath);
    }

    [Fact]
    public async Task LogoutForm_MayRedirectToTheProvider_UnderTheContentSecurityPolicy()
    {
        using var client = App.Client();

        var csp = (await client.GetAsync("/inloggen")).Response.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Contains($"form-action 'self' {Provider.Authority.GetLeftPart(UriPartial.Authority)}", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPage_OffersBothProviders()
    {
        using var client = App.Client();

        var page = await client.GetAsync("/inloggen");

        Assert.Equal(["/inloggen/extern/eherkenning", "/inloggen/extern/ministerie"],
            page.Html.QuerySelectorAll("[data-testid=external-logins] a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task Beheerder_LinksAnIdentityOnTheUserScreen_ThenItLogsIn()
    {
        using var admin = await Data.SignedInAsync(Roles.Beheerder);
        var email = await Data.UserAsync(Roles.Invuller, TestData.Utrecht);
        var userId = await UserIdAsync(email);

        var missing = await admin.PostAsync($"/beheer/gebruikers/{userId}/koppelen", [new("Scheme", "eherkenning"), new("Subject", "pseudo-u"), new("Organisation", "")]);
        var linked = await admin.PostAsync($"/beheer/gebruikers/{userId}/koppelen", [new("Scheme", "eherkenning"), new("Subject", "pseudo-u"), new("Organisation", UtrechtOin)]);
        var twice = await admin.PostAsync($"/beheer/gebruikers/{userId}/koppelen", [new("Scheme", "eherkenning"), new("Subject", "pseudo-u"), new("Organisation", UtrechtOin)]);

        Assert.Equal("Vul het OIN of KvK-nummer van de organisatie in (alleen cijfers).", missing.FieldError("Organisation"));
        Assert.Equal(HttpStatusCode.Redirect, linked.Status);
        Assert.Equal("Deze inlog is al aan een gebruiker gekoppeld.", twice.FieldError("Subject"));
        Assert.Contains("pseudo-u", (await admin.GetAsync($"/beheer/gebruikers/{userId}/koppelen")).Text("[data-testid=links]"), StringComparison.Ordinal);
        Provider.Next = new("pseudo-u", UtrechtOin, "eH3", Filler);
        using var browser = new Browser(App, Provider);
        await browser.LoginAsync("eherkenning");
        Assert.Equal("/aanvragen", browser.LastPath);
    }

    [Fact]
    public async Task Beheerder_RemovesALink_ThenItNoLongerSignsIn_AndTheUsersSessionsEnd()
    {
        using var admin = await Data.SignedInAsync(Roles.Beheerder);
        var email = await Data.UserAsync(Roles.Invuller, TestData.Utrecht);
        var userId = await UserIdAsync(email);
        await LinkAsync(email, "eherkenning", "pseudo-u", UtrechtOin);
        Provider.Next = new("pseudo-u", UtrechtOin, "eH3", Filler);
        using (var before = new Browser(App, Provider)) await before.LoginAsync("eherkenning");
        Assert.Equal(1, await SessionCountAsync(userId));

        var unknown = await admin.PostAsync($"/beheer/gebruikers/{userId}/ontkoppelen", [new("Scheme", "eherkenning"), new("Subject", "pseudo-ander")]);
        var removed = await admin.PostAsync($"/beheer/gebruikers/{userId}/ontkoppelen", [new("Scheme", "eherkenning"), new("Subject", "pseudo-u")]);

        Assert.Contains("Deze koppeling bestaat niet (meer).", unknown.Text("[data-testid=error-summary]"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, removed.Status);
        Assert.Equal(0, await SessionCountAsync(userId));
        Assert.Equal($"user {userId}: eherkenning; beëindigde sessies: 1", await LastAuditDetailsAsync("ExterneInlogOntkoppeld"));
        Assert.Equal("", (await admin.GetAsync($"/beheer/gebruikers/{userId}/koppelen")).Text("[data-testid=links]"));
        using var after = new Browser(App, Provider);
        AssertRefused(await after.LoginAsync("eherkenning"), ExternalLoginRefusal.UnknownIdentity);
        Assert.Equal(0, await SessionCountAsync(userId));
    }

    private static void AssertRefused(AppClient.Page page, ExternalLoginRefusal reason)
    {
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Inloggen is niet gelukt", page.Text("h1"));
        Assert.Equal(reason.ToString(), page.Html.QuerySelector("[data-testid=external-login-refused]")?.GetAttribute("data-reason"));
    }

    private async Task<int> UserIdAsync(string email)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @email", new { email });
    }

    private async Task LinkAsync(string email, string scheme, string subject, string? organisation)
    {
        var userId = await UserIdAsync(email);
        await using var connection = await App.Db.OpenAsync();
        await connection.ExecuteAsync(GrantAdmin.Web.Features.Users.LinkExternalLogin.InsertSql,
            new { scheme, subject, organisation, userId, now = App.Clock.GetUtcNow().UtcDateTime });
    }

    private async Task<string?> LastAuditDetailsAsync(string action)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QueryFirstOrDefaultAsync<string>("SELECT details FROM audit_log WHERE action = @action ORDER BY id DESC", new { action });
    }

    /// <summary>All sessions, or one user's (the beheerder's own session aside).</summary>
    private async Task<int> SessionCountAsync(int? userId = null)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM user_sessions WHERE @userId IS NULL OR user_id = @userId", new { userId });
    }

    /// <summary>Whose session the one session row is: the user's e-mail, role and gemeente as the ticket holds them.</summary>
    private async Task<(string Email, string Role, string? Municipality)> SessionUserAsync()
    {
        await using var connection = await App.Db.OpenAsync();
        var ticket = Microsoft.AspNetCore.Authentication.TicketSerializer.Default.Deserialize(
            await connection.QuerySingleAsync<byte[]>("SELECT ticket FROM user_sessions"))!;
        var user = CurrentUser.From(ticket.Principal);
        return (ticket.Principal.FindFirst(System.Security.Claims.ClaimTypes.Email)!.Value, user.Role, user.MunicipalityName);
    }

    /// <summary>
    /// A browser across two sites: the app (in memory, its own cookie-keeping client) and the provider (a real port, a
    /// client with its own cookies). Redirects are followed by hand, each to the site it points at.
    /// </summary>
    private sealed class Browser(OidcApp app, OidcProvider provider) : IDisposable
    {
        private readonly HttpClient providerClient = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() });
        public AppClient App { get; } = app.Client();
        public List<string> Visited { get; } = [];
        public string? LastPath { get; private set; }

        public async Task<AppClient.Page> LoginAsync(string scheme) =>
            await FollowAsync(await App.Http.GetAsync($"/inloggen/extern/{scheme}"));

        public async Task<AppClient.Page> FollowAsync(HttpResponseMessage response)
        {
            var current = response.RequestMessage!.RequestUri!;
            for (var hops = 0; response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther; hops++)
            {
                Assert.True(hops < 15, "Too many redirects: " + string.Join(" → ", Visited));
                current = new Uri(current, response.Headers.Location!);
                Visited.Add(current.ToString());
                var toProvider = current.Authority == provider.Authority.Authority;
                response = await (toProvider ? providerClient : App.Http).GetAsync(toProvider ? current.ToString() : current.PathAndQuery);
                Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} at {current}");
            }
            // The page that says "ingelogd" reloads itself from our site (a meta refresh): as the browser would, follow it.
            if (current.AbsolutePath == "/ingelogd" && response.StatusCode == HttpStatusCode.OK)
                return await FollowAsync(await App.Http.GetAsync("/ingelogd?opnieuw=true"));
            LastPath = current.AbsolutePath;
            return await AppClient.ReadAsync(response);
        }

        public void Dispose()
        {
            providerClient.Dispose();
            App.Dispose();
        }
    }
}
