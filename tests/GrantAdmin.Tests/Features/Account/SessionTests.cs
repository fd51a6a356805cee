using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace GrantAdmin.Tests.Features.Account;

/// <summary>The app with the session timeouts of production (the shared app stretches them for tests that move the clock).</summary>
public sealed class SessionApp : TestApp
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Security:Session:IdleTimeout", "00:30:00");
        builder.UseSetting("Security:Session:AbsoluteTimeout", "12:00:00");
    }
}

/// <summary>
/// The account tests that need an app of their own. They run alone: apps starting side by side in one process race for
/// Hangfire's process-wide storage, and the timing comparison wants a quiet machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OwnAppCollection
{
    public const string Name = "account apps";
}

/// <summary>
/// Sessions live in the database: a copy of the cookie is worth nothing once the session has ended, whoever ended it;
/// idle after 30 minutes, absolutely after 12 hours; a sign-in always starts a new session.
/// </summary>
[Collection(OwnAppCollection.Name)]
public sealed class SessionTests(SessionApp app) : IClassFixture<SessionApp>, IAsyncLifetime
{
    private const string NewPassword = "Nieuw-wachtwoord-456";

    private SessionApp App { get; } = app;
    private TestData Data => new(App);

    public async ValueTask InitializeAsync() => await App.ResetAsync();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public void TheDefaults_AreThirtyMinutesIdle_TwelveHoursAbsolute_RenewedOnceAMinute()
    {
        var defaults = new SessionSettings();
        Assert.Equal((TimeSpan.FromMinutes(30), TimeSpan.FromHours(12), TimeSpan.FromMinutes(1)), (defaults.IdleTimeout, defaults.AbsoluteTimeout, defaults.RenewAfter));
    }

    public enum Ending { Logout, PasswordChange, Deactivation, EndedByBeheerder }

    [Theory]
    [InlineData(Ending.Logout)]
    [InlineData(Ending.PasswordChange)]
    [InlineData(Ending.Deactivation)]
    [InlineData(Ending.EndedByBeheerder)]
    public async Task ACopiedCookie_NeitherReadsNorPosts_OnceTheSessionHasEnded(Ending ending)
    {
        var email = await Data.UserAsync(Roles.Behandelaar);
        var (victim, jar) = ClientWithJar();
        await victim.LoginAsync(email);
        using var thief = CopyOf(jar);
        // The copy works while the session lasts, and gives the thief a form token to post with later.
        var token = await thief.TokenAsync("/wachtwoord");

        await EndAsync(ending, victim, email);

        Assert.Equal("/inloggen", (await thief.GetAsync("/wachtwoord")).RedirectPath);
        var post = await thief.Http.PostAsync("/wachtwoord", new FormUrlEncodedContent(
            [new("CurrentPassword", CurrentPassword(ending)), new("NewPassword", "Gestolen-sessie-789"), new("ConfirmPassword", "Gestolen-sessie-789"), new("__RequestVerificationToken", token)]));
        Assert.Equal("/inloggen", AppClient.RedirectPathOf(post));
        Assert.Equal("/inloggen", (await victim.GetAsync("/wachtwoord")).RedirectPath);
        Assert.Equal(0, await SessionCountAsync(email));
        if (ending != Ending.Deactivation)
            Assert.Equal("/behandeling", (await App.Client().AttemptLoginAsync(email, CurrentPassword(ending))).RedirectPath);
        victim.Dispose();
    }

    [Fact]
    public async Task Beheerder_SeesOpenSessions_AndEndsThemAll()
    {
        var email = await Data.UserAsync(Roles.Invuller, TestData.Utrecht);
        using var laptop = App.Client();
        using var phone = App.Client();
        await laptop.LoginAsync(email);
        await phone.LoginAsync(email);
        using var admin = await Data.SignedInAsync(Roles.Beheerder);
        Assert.Equal("2", SessionsCell(await admin.GetAsync("/beheer/gebruikers"), email));

        var ended = await admin.PostAsync($"/beheer/gebruikers/{await UserIdAsync(email)}/sessies-beeindigen", [], tokenFrom: "/beheer/gebruikers");

        Assert.Equal("/beheer/gebruikers", ended.RedirectPath);
        var list = await admin.GetAsync("/beheer/gebruikers");
        Assert.Equal("2 sessies zijn beëindigd.", list.Text("[role=status]"));
        Assert.Equal("0", SessionsCell(list, email));
        Assert.Equal("/inloggen", (await laptop.GetAsync("/aanvragen")).RedirectPath);
        Assert.Equal("/inloggen", (await phone.GetAsync("/aanvragen")).RedirectPath);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/beheer/gebruikers")).Status);
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE action = 'SessiesBeeindigd'"));
    }

    [Fact]
    public async Task ASessionUnusedForThirtyMinutes_HasEnded_AndUseKeepsItAlive()
    {
        using var client = await Data.SignedInAsync(Roles.Behandelaar);

        App.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/wachtwoord")).Status);
        App.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/wachtwoord")).Status);
        App.Clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal("/inloggen", (await client.GetAsync("/wachtwoord")).RedirectPath);
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM user_sessions"));
    }

    [Fact]
    public async Task SigningIn_ClearsTheUsersEndedSessions_SoRowsDoNotPileUp()
    {
        var email = await Data.UserAsync(Roles.Behandelaar);
        using var forgotten = App.Client();
        await forgotten.LoginAsync(email);
        App.Clock.Advance(TimeSpan.FromMinutes(31));

        using var later = App.Client();
        await later.LoginAsync(email);

        Assert.Equal(1, await SessionCountAsync(email));
    }

    [Fact]
    public async Task ABusySession_EndsTwelveHoursAfterSignIn()
    {
        using var client = await Data.SignedInAsync(Roles.Behandelaar);

        for (var elapsed = TimeSpan.FromMinutes(20); elapsed < TimeSpan.FromHours(12); elapsed += TimeSpan.FromMinutes(20))
        {
            App.Clock.SetUtcNow(TestApp.DefaultNow + elapsed);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/wachtwoord")).Status);
        }
        App.Clock.SetUtcNow(TestApp.DefaultNow + TimeSpan.FromHours(12));

        Assert.Equal("/inloggen", (await client.GetAsync("/wachtwoord")).RedirectPath);
    }

    [Fact]
    public async Task PageViews_RenewTheSessionAtMostOnceAMinute()
    {
        using var client = await Data.SignedInAsync(Roles.Behandelaar);

        App.Clock.Advance(TimeSpan.FromSeconds(59));
        await client.GetAsync("/wachtwoord");
        await client.GetAsync("/wachtwoord");
        Assert.Equal(TestApp.DefaultNow.UtcDateTime, await LastSeenAsync());

        App.Clock.Advance(TimeSpan.FromSeconds(1));
        await client.GetAsync("/wachtwoord");
        Assert.Equal(TestApp.DefaultNow.UtcDateTime.AddMinutes(1), await LastSeenAsync());
    }

    [Fact]
    public async Task SigningIn_StartsASessionUnderANewKey_EvenOverAPlantedOne()
    {
        var admin = await Data.UserAsync(Roles.Beheerder);
        var attacker = await Data.UserAsync(Roles.Behandelaar);
        // The attacker signs in and plants that cookie in the victim's browser.
        var (planted, plantedJar) = ClientWithJar();
        await planted.LoginAsync(attacker);
        var (victim, victimJar) = ClientWithJar();
        victimJar.Add(plantedJar.GetAllCookies());
        var plantedKey = AuthCookie(victimJar);

        await victim.LoginAsync(admin);

        Assert.NotEqual(plantedKey, AuthCookie(victimJar));
        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync("/beheer/gebruikers")).Status);
        // The planted session ended with the sign-in over it; the attacker holds nothing of the victim's.
        Assert.Equal("/inloggen", (await planted.GetAsync("/beheer/gebruikers")).RedirectPath);
        Assert.Equal(0, await SessionCountAsync(attacker));
        planted.Dispose();
        victim.Dispose();
    }

    [Fact]
    public async Task SigningInAgain_ReplacesTheSession()
    {
        var email = await Data.UserAsync(Roles.Behandelaar);
        var (client, jar) = ClientWithJar();
        await client.LoginAsync(email);
        using var copy = CopyOf(jar);
        var firstKey = AuthCookie(jar);

        await client.LoginAsync(email);

        Assert.NotEqual(firstKey, AuthCookie(jar));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/wachtwoord")).Status);
        Assert.Equal("/inloggen", (await copy.GetAsync("/wachtwoord")).RedirectPath);
        Assert.Equal(1, await SessionCountAsync(email));
        client.Dispose();
    }

    [Fact]
    public async Task Beheerder_CannotEndTheirOwnSessionFromTheList()
    {
        var email = await Data.UserAsync(Roles.Beheerder);
        using var admin = App.Client();
        await admin.LoginAsync(email);

        var page = await admin.PostAsync($"/beheer/gebruikers/{await UserIdAsync(email)}/sessies-beeindigen", [], tokenFrom: "/beheer/gebruikers");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["Uw eigen sessie beëindigt u door uit te loggen."], page.ErrorSummary);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/beheer/gebruikers")).Status);
    }

    private async Task EndAsync(Ending ending, AppClient victim, string email)
    {
        switch (ending)
        {
            case Ending.Logout:
                Assert.Equal("/", (await victim.PostAsync("/uitloggen", [], tokenFrom: "/wachtwoord")).RedirectPath);
                break;
            case Ending.PasswordChange:
                Assert.Equal("/inloggen", (await victim.PostAsync("/wachtwoord",
                    [new("CurrentPassword", TestData.Password), new("NewPassword", NewPassword), new("ConfirmPassword", NewPassword)])).RedirectPath);
                break;
            case Ending.Deactivation:
            case Ending.EndedByBeheerder:
                using (var admin = await Data.SignedInAsync(Roles.Beheerder))
                {
                    var action = ending == Ending.Deactivation ? "deactiveren" : "sessies-beeindigen";
                    Assert.Equal("/beheer/gebruikers",
                        (await admin.PostAsync($"/beheer/gebruikers/{await UserIdAsync(email)}/{action}", [], tokenFrom: "/beheer/gebruikers")).RedirectPath);
                }
                break;
        }
    }

    private static string CurrentPassword(Ending ending) => ending == Ending.PasswordChange ? NewPassword : TestData.Password;

    /// <summary>A client whose cookies the test can read and copy, as a thief with access to the browser could.</summary>
    private (AppClient Client, System.Net.CookieContainer Jar) ClientWithJar()
    {
        var jar = new System.Net.CookieContainer();
        return (new AppClient(App.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(jar))), jar);
    }

    private AppClient CopyOf(System.Net.CookieContainer jar)
    {
        var copy = new System.Net.CookieContainer();
        copy.Add(jar.GetAllCookies());
        return new AppClient(App.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(copy)));
    }

    private static string AuthCookie(System.Net.CookieContainer jar) => jar.GetAllCookies().Single(c => c.Name == "grantadmin.auth").Value;

    private static string SessionsCell(AppClient.Page page, string email) =>
        page.Html.QuerySelectorAll("[data-testid=users] tbody tr").Single(r => r.Children[0].TextContent == email).Children[5].TextContent.Trim();

    private async Task<DateTime> LastSeenAsync()
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<DateTime>("SELECT last_seen_utc FROM user_sessions");
    }

    private async Task<int> SessionCountAsync(string email)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>(
            "SELECT COUNT(*) FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.email = @email", new { email });
    }

    private async Task<int> UserIdAsync(string email)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @email", new { email });
    }
}
