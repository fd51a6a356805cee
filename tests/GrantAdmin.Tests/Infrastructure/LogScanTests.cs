using System.Net;
using System.Text.Json;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using Microsoft.Net.Http.Headers;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// What the app logs while people use it carries no secrets and no personal data beyond what the audit log keeps on
/// purpose (who did what, by user id and e-mail): no passwords, no session or anti-forgery tokens, no file contents,
/// no contact person, telephone number or IBAN. The journeys below touch each of those; the log is read back whole.
/// </summary>
public sealed class LogScanTests(TestApp app) : AppTest(app)
{
    private const string WrongPassword = "Fout-wachtwoord-98765";
    private const string NewPassword = "Nieuw-Loglijn-Wachtwoord-4821";
    private const string PlanMarker = "GEHEIM-PLANTEKST-7731";

    private static readonly Dictionary<string, string> Personal = new()
    {
        ["ContactName"] = "Annemarie Logvrij",
        ["ContactEmail"] = "annemarie.logvrij@gemeente.example",
        ["ContactPhone"] = "030 987 65 43",
        ["Iban"] = "NL02 ABNA 0123 4567 89",
        ["AccountHolder"] = "Rekeninghouder Logvrij",
    };

    [Fact]
    public async Task Journeys_LogNoSecretsAndNoPersonalData()
    {
        App.Log.Clear();
        var secrets = new List<string> { TestData.Password, WrongPassword, NewPassword, PlanMarker, "NL02ABNA0123456789" };
        secrets.AddRange(Personal.Values);

        // Signing in: wrong passwords for a known and an unknown account, then the right one.
        var email = await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        using var applicant = App.Client();
        await applicant.AttemptLoginAsync(email, WrongPassword);
        await applicant.AttemptLoginAsync("niemand@onbekend.example", WrongPassword);
        var signedIn = await applicant.LoginAsync(email);
        secrets.Add(CookieValue(signedIn.Response, "grantadmin.auth"));
        secrets.Add(await applicant.TokenAsync("/aanvragen"));

        // A draft with contact details, an IBAN and a plan whose text is marked; once with an error, then whole; submitted.
        var id = await TestData.StartDraftAsync(applicant, await Data.RoundIdAsync("2023"));
        var form = TestData.CompleteForm();
        foreach (var (field, value) in Personal) form[field] = value;
        var plan = ("Projectplan.docx", PlanDocuments.Docx(PlanMarker), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        var refused = await TestData.SaveAsync(applicant, id, new Dictionary<string, string>(form) { ["ProjectEnd"] = "geen datum" }, plan);
        Assert.NotEmpty(refused.ErrorSummary);
        Assert.Equal(HttpStatusCode.Redirect, (await TestData.SaveAsync(applicant, id, form, plan)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await TestData.SubmitAsync(applicant, id)).Status);
        await applicant.GetAsync($"/aanvragen/{id}/projectplan/{await Data.CurrentPlanIdAsync(id)}");

        // The office grants another application; its letter goes out by mail and the payment file is made.
        var granted = await Data.GrantedApplicationAsync(TestData.Groningen);
        await Data.LetterSentAsync(granted);
        using var office = await Data.SignedInAsync(Roles.Behandelaar);
        await office.GetAsync($"/behandeling/{id}");
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostAsync("/betalingen/export", [], tokenFrom: "/betalingen")).Status);

        // A password change, refused once and then made.
        await applicant.PostAsync("/wachtwoord", [new("CurrentPassword", WrongPassword), new("NewPassword", NewPassword), new("ConfirmPassword", NewPassword)]);
        await applicant.PostAsync("/wachtwoord", [new("CurrentPassword", TestData.Password), new("NewPassword", NewPassword), new("ConfirmPassword", NewPassword)]);
        // A refused page: logged during the request, so with the request's scopes.
        await applicant.GetAsync("/behandeling");
        await App.OutboxIdleAsync();

        // The same entries twice: as a log sink sees their values, and as the production console writes them (JSON).
        foreach (var log in new[] { App.Log.Lines, App.Log.JsonLines })
        {
            Assert.NotEmpty(log);
            var leaks = (from line in log from secret in secrets where line.Contains(secret, StringComparison.OrdinalIgnoreCase) select $"'{secret}' in: {line}").ToList();
            Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
        }
    }

    /// <summary>
    /// With a second host of the same app started first, as SettingsTests and TwoServersTests do on the shared app in a
    /// whole-suite run: that host's logger factory must not take over the scopes of this one's lines.
    /// </summary>
    [Fact]
    public async Task JsonLines_AreOneObjectEach_AndARequestsLinesCarryTraceIdAndUserIdScopes()
    {
        await using var peer = App.WithWebHostBuilder(_ => { });
        _ = peer.Services;
        var email = await Data.UserAsync(Roles.Invuller, TestData.Utrecht);
        using var applicant = App.Client();
        int userId;
        await using (var connection = await App.Db.OpenAsync())
            userId = await Dapper.SqlMapper.QuerySingleAsync<int>(connection, "SELECT id FROM users WHERE email = @email", new { email });
        await applicant.LoginAsync(email);
        App.Log.Clear();

        Assert.Equal("/geen-toegang", (await applicant.GetAsync("/behandeling")).RedirectPath);

        var entries = App.Log.JsonLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        // Other tests share the app (and its log) while this one runs: this request's refusal is the one for this user.
        var refusal = Assert.Single(entries, e => e.GetProperty("Category").GetString() == "GrantAdmin.Refusals"
            && e.GetProperty("State").TryGetProperty("UserId", out var user) && user.ToString() == $"{userId}");
        Assert.Equal("Warning", refusal.GetProperty("LogLevel").GetString());
        Assert.Equal("GET", refusal.GetProperty("State").GetProperty("Method").GetString());
        var scopes = refusal.GetProperty("Scopes").EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).ToList();
        Assert.Contains(scopes, s => s.TryGetProperty("TraceId", out var trace) && trace.GetString()!.Length == 32);
        Assert.Contains(scopes, s => s.TryGetProperty("UserId", out var user) && user.GetString() == $"{userId}");
        Assert.DoesNotContain(email, string.Join("\n", App.Log.JsonLines.Where(l => l.Contains("Refusals", StringComparison.Ordinal))), StringComparison.OrdinalIgnoreCase);
    }

    private static string CookieValue(HttpResponseMessage response, string name) =>
        SetCookieHeaderValue.ParseList(response.Headers.GetValues(HeaderNames.SetCookie).ToList()).Single(c => c.Name == name).Value.ToString();
}
