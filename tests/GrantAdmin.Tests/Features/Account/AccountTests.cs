using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Account;

public sealed class AccountTests(TestApp app) : AppTest(app)
{
    private const string WrongCredentials = "Het e-mailadres of het wachtwoord klopt niet.";
    private const string WrongPassword = "Fout-wachtwoord-999";
    private const string NewPassword = "Nieuw-wachtwoord-456";
    private const string TooCommon = "Dit wachtwoord is te bekend: het staat op lijsten van veelgebruikte en uitgelekte wachtwoorden. Kies een ander.";

    [Fact]
    public async Task AHugeEmailAddress_IsRefusedAtTheField_AndLeavesNoTraceOfItsSize()
    {
        using var client = App.Client();
        var huge = new string('a', 200_000) + "@gemeente.example";

        var page = await client.AttemptLoginAsync(huge, WrongPassword);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Een e-mailadres is hoogstens 254 tekens lang.", page.FieldError("Email"));
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE LENGTH(details) > 4000"));
    }

    [Fact]
    public async Task UnknownEmail_AndWrongPassword_GetTheSameDutchMessage()
    {
        var email = await Data.UserAsync(Roles.Behandelaar);
        using var client = App.Client();

        var unknown = await client.AttemptLoginAsync("niemand@test.example", TestData.Password);
        var wrong = await client.AttemptLoginAsync(email, WrongPassword);

        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Equal(HttpStatusCode.OK, wrong.Status);
        Assert.Equal(WrongCredentials, unknown.FieldError("Email"));
        Assert.Equal(WrongCredentials, wrong.FieldError("Email"));
        Assert.Null(wrong.FieldError("Password"));
        Assert.Equal(unknown.ErrorSummary, wrong.ErrorSummary);
    }

    [Theory]
    [InlineData("/wachtwoord", "/wachtwoord")]
    [InlineData("https://evil.example/inloggen", "/behandeling")]
    [InlineData("//evil.example/inloggen", "/behandeling")]
    public async Task Login_FollowsOnlyALocalReturnUrl(string returnUrl, string expected)
    {
        var email = await Data.UserAsync(Roles.Behandelaar);
        using var client = App.Client();

        var page = await client.PostAsync("/inloggen", [new("Email", email), new("Password", TestData.Password), new("ReturnUrl", returnUrl)]);

        Assert.Equal(expected, page.Location);
    }

    [Theory]
    [InlineData(Roles.Behandelaar, null, "/behandeling")]
    [InlineData(Roles.Accordeerder, null, "/behandeling")]
    [InlineData(Roles.Tekenbevoegde, TestData.Utrecht, "/aanvragen")]
    [InlineData(Roles.Invuller, TestData.Goes, "/aanvragen")]
    [InlineData(Roles.Programmamanager, null, "/programma")]
    [InlineData(Roles.Beheerder, null, "/beheer/gebruikers")]
    public async Task Login_WithoutReturnUrl_LandsOnTheRolesOwnWork(string role, string? municipality, string landing)
    {
        var email = await Data.UserAsync(role, municipality);
        using var client = App.Client();

        var page = await client.LoginAsync(email);

        Assert.Equal(landing, page.Location);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(landing)).Status);
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        using var client = await Data.SignedInAsync(Roles.Behandelaar);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/wachtwoord")).Status);

        var loggedOut = await client.PostAsync("/uitloggen", [], tokenFrom: "/wachtwoord");

        Assert.Equal("/", loggedOut.RedirectPath);
        Assert.Equal("/inloggen", (await client.GetAsync("/wachtwoord")).RedirectPath);
    }

    [Theory]
    [InlineData(TestData.Password, "Kort-wacht1", "Kort-wacht1", "NewPassword", "Kies een wachtwoord van minstens 12 tekens.")]
    [InlineData(TestData.Password, NewPassword, NewPassword + "x", "ConfirmPassword", "Herhaal hetzelfde nieuwe wachtwoord.")]
    [InlineData(WrongPassword, NewPassword, NewPassword, "CurrentPassword", "Uw huidige wachtwoord klopt niet.")]
    [InlineData(TestData.Password, "Welkom12345!", "Welkom12345!", "NewPassword", TooCommon)]
    [InlineData(TestData.Password, "wachtwoord12", "wachtwoord12", "NewPassword", TooCommon)]
    [InlineData(TestData.Password, "123456789012", "123456789012", "NewPassword", TooCommon)]
    public async Task PasswordChange_Invalid_ShowsTheDutchMessageAtTheField_AndChangesNothing(
        string current, string next, string confirmation, string field, string message)
    {
        var email = await Data.UserAsync(Roles.Invuller, TestData.Utrecht);
        using var client = App.Client();
        await client.LoginAsync(email);

        var page = await client.PostAsync("/wachtwoord", PasswordForm(current, next, confirmation));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(message, page.FieldError(field));
        Assert.Equal([message], page.ErrorSummary);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/wachtwoord")).Status);
        using var again = App.Client();
        Assert.Equal("/aanvragen", (await again.AttemptLoginAsync(email, TestData.Password)).RedirectPath);
        Assert.DoesNotContain("WachtwoordGewijzigd", await AuditAsync(email));
    }

    [Fact]
    public async Task PasswordChange_EndsEverySession_ThisOneToo_AndTheNewPasswordWorks()
    {
        var email = await Data.UserAsync(Roles.Behandelaar);
        using var here = App.Client();
        using var elsewhere = App.Client();
        await here.LoginAsync(email);
        await elsewhere.LoginAsync(email);

        var changed = await here.PostAsync("/wachtwoord", PasswordForm(TestData.Password, NewPassword, NewPassword));

        Assert.Equal("/inloggen", changed.RedirectPath);
        Assert.Equal("Uw wachtwoord is gewijzigd. Log opnieuw in met uw nieuwe wachtwoord.", (await here.GetAsync("/inloggen")).Text("[role=status]"));
        Assert.Equal("/inloggen", (await here.GetAsync("/wachtwoord")).RedirectPath);
        Assert.Equal("/inloggen", (await elsewhere.GetAsync("/wachtwoord")).RedirectPath);
        Assert.Equal(WrongCredentials, (await here.AttemptLoginAsync(email, TestData.Password)).FieldError("Email"));
        Assert.Equal("/behandeling", (await here.AttemptLoginAsync(email, NewPassword)).RedirectPath);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/wachtwoord")).Status);
        Assert.Contains("WachtwoordGewijzigd", await AuditAsync(email));
    }

    [Fact]
    public async Task Password_IsKeptExactlyAsTyped_BidiControlsIncluded()
    {
        // Text fields lose bidi controls at binding; a password must not, or a different secret would be stored.
        const string typed = "Lang-\u202Egeheim-wachtwoord-2024";
        var email = await Data.UserAsync(Roles.Behandelaar);
        using var client = App.Client();
        await client.LoginAsync(email);

        Assert.Equal("/inloggen", (await client.PostAsync("/wachtwoord", PasswordForm(TestData.Password, typed, typed))).RedirectPath);

        Assert.Equal(WrongCredentials, (await client.AttemptLoginAsync(email, typed.Replace("\u202E", "", StringComparison.Ordinal))).FieldError("Email"));
        Assert.Equal("/behandeling", (await client.AttemptLoginAsync(email, typed)).RedirectPath);
    }

    [Fact]
    public async Task Beheerder_CreatesUser_WhoCanSignIn()
    {
        using var admin = await Data.SignedInAsync(Roles.Beheerder);

        var created = await admin.PostAsync("/beheer/gebruikers", UserForm("Nieuw@Test.Example", Roles.Invuller, TestData.Utrecht));

        Assert.Equal("/beheer/gebruikers", created.RedirectPath);
        var list = await admin.GetAsync("/beheer/gebruikers");
        Assert.Contains("nieuw@test.example", list.Text("[data-testid=users]"));
        using var user = App.Client();
        await user.LoginAsync("nieuw@test.example", NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/aanvragen")).Status);
        Assert.Contains("GebruikerAangemaakt", await AuditAsync(await AdminEmailAsync()));
    }

    [Theory]
    [InlineData("geen-e-mailadres", Roles.Behandelaar, "", "Email", "Vul een geldig e-mailadres in.")]
    [InlineData("nieuw@test.example", Roles.Tekenbevoegde, "", "MunicipalityCode", "Kies de gemeente waarvoor deze gebruiker werkt.")]
    [InlineData("Bestaand@Test.Example", Roles.Behandelaar, "", "Email", "Er bestaat al een gebruiker met dit e-mailadres.")]
    public async Task CreateUser_Invalid_ShowsTheDutchMessageAtTheField_AndCreatesNobody(
        string email, string role, string municipalityCode, string field, string message)
    {
        await Data.UserAsync(Roles.Behandelaar, email: "bestaand@test.example");
        using var admin = await Data.SignedInAsync(Roles.Beheerder);

        var page = await admin.PostAsync("/beheer/gebruikers", UserForm(email, role, municipalityCode));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(message, page.FieldError(field));
        Assert.Contains(message, page.ErrorSummary);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM users"));
    }

    [Theory]
    [InlineData("Welkom12345!")]
    [InlineData("Wachtwoord2023")]
    public async Task CreateUser_WithACommonPassword_IsRefusedAtTheField_AndCreatesNobody(string password)
    {
        using var admin = await Data.SignedInAsync(Roles.Beheerder);

        var page = await admin.PostAsync("/beheer/gebruikers",
            [new("Email", "nieuw@test.example"), new("DisplayName", "Nieuwe Gebruiker"), new("Role", Roles.Behandelaar), new("MunicipalityCode", ""), new("Password", password)]);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(TooCommon, page.FieldError("Password"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM users"));
    }

    [Fact]
    public async Task ThirdActiveTekenbevoegde_IsRefused_UntilOneIsDeactivated()
    {
        using var admin = await Data.SignedInAsync(Roles.Beheerder);
        foreach (var email in new[] { "teken1@utrecht.example", "teken2@utrecht.example" })
            Assert.Equal("/beheer/gebruikers", (await admin.PostAsync("/beheer/gebruikers", UserForm(email, Roles.Tekenbevoegde, TestData.Utrecht))).RedirectPath);

        var third = await admin.PostAsync("/beheer/gebruikers", UserForm("teken3@utrecht.example", Roles.Tekenbevoegde, TestData.Utrecht));

        Assert.Equal(HttpStatusCode.OK, third.Status);
        Assert.Equal("Deze gemeente heeft al 2 tekenbevoegden. Deactiveer er eerst één.", third.FieldError("Role"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM users WHERE email = 'teken3@utrecht.example'"));
        // The limit is per gemeente, and counts active tekenbevoegden only.
        Assert.Equal("/beheer/gebruikers", (await admin.PostAsync("/beheer/gebruikers", UserForm("teken@groningen.example", Roles.Tekenbevoegde, TestData.Groningen))).RedirectPath);
        var teken1 = await UserIdAsync("teken1@utrecht.example");
        await admin.PostAsync($"/beheer/gebruikers/{teken1}/deactiveren", [], tokenFrom: $"/beheer/gebruikers/{teken1}/deactiveren");
        Assert.Equal("/beheer/gebruikers", (await admin.PostAsync("/beheer/gebruikers", UserForm("teken3@utrecht.example", Roles.Tekenbevoegde, TestData.Utrecht))).RedirectPath);
    }

    [Fact]
    public async Task DeactivatedUser_LosesTheOpenSessionAtTheNextRequest_AndCannotSignIn()
    {
        var email = await Data.UserAsync(Roles.Invuller, TestData.Utrecht);
        using var user = App.Client();
        await user.LoginAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/aanvragen")).Status);
        using var admin = await Data.SignedInAsync(Roles.Beheerder);
        var id = await UserIdAsync(email);

        // The list links to a confirmation page that says what deactivating does; only its button deactivates.
        var list = await admin.GetAsync("/beheer/gebruikers");
        Assert.Empty(list.Html.QuerySelectorAll("form[action$='/deactiveren']"));
        var confirm = await admin.GetAsync(list.Html.QuerySelector($"[data-testid=deactivate-{id}]")!.GetAttribute("href")!);
        Assert.Contains(email, confirm.Text("[data-testid=deactivate-user]"));
        Assert.Contains("Wie nu is ingelogd, wordt meteen uitgelogd.", confirm.Html.Body!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/aanvragen")).Status);
        var deactivated = await admin.PostAsync($"/beheer/gebruikers/{id}/deactiveren", [], tokenFrom: $"/beheer/gebruikers/{id}/deactiveren");

        Assert.Equal("/beheer/gebruikers", deactivated.RedirectPath);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/beheer/gebruikers/{id}/deactiveren")).Status);
        Assert.Equal("/inloggen", (await user.GetAsync("/aanvragen")).RedirectPath);
        Assert.Equal(WrongCredentials, (await user.AttemptLoginAsync(email, TestData.Password)).FieldError("Email"));
        Assert.Contains("GebruikerGedeactiveerd", await AuditAsync(await AdminEmailAsync()));
    }

    private static KeyValuePair<string, string>[] PasswordForm(string current, string next, string confirmation) =>
        [new("CurrentPassword", current), new("NewPassword", next), new("ConfirmPassword", confirmation)];

    private static KeyValuePair<string, string>[] UserForm(string email, string role, string municipalityCode) =>
        [new("Email", email), new("DisplayName", "Nieuwe Gebruiker"), new("Role", role), new("MunicipalityCode", municipalityCode), new("Password", NewPassword)];

    /// <summary>The audit actions recorded for the user with this e-mail address, oldest first.</summary>
    private async Task<IReadOnlyList<string>> AuditAsync(string email)
    {
        await using var connection = await App.Db.OpenAsync();
        return (await connection.QueryAsync<string>(
            "SELECT a.action FROM audit_log a JOIN users u ON u.id = a.user_id WHERE u.email = @email ORDER BY a.id", new { email })).AsList();
    }

    private async Task<string> AdminEmailAsync()
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<string>("SELECT email FROM users WHERE role = @role", new { role = Roles.Beheerder });
    }

    private async Task<int> UserIdAsync(string email)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @email", new { email });
    }

    private async Task<int> CountAsync(string sql)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>(sql);
    }
}
