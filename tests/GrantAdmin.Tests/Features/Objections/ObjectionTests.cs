using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Objections;
using GrantAdmin.Web.Features.Reminders;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Tests.Features.Objections;

/// <summary>
/// Bezwaren through the real pipeline: a verlening sent on 1 February 2023 (objection term to 15 March, handling term to
/// 26 April), registered, excused, deferred and decided by a Behandelaar, each audited; and the reminders to the office.
/// </summary>
public sealed class ObjectionTests(TestApp app) : AppTest(app)
{
    private static readonly DateOnly ObjectionDue = new(2023, 3, 15);
    private static readonly DateOnly HandlingDue = new(2023, 4, 26);

    private void Today(int month, int day, int hour = 10) =>
        App.Clock.SetUtcNow(new DateTimeOffset(Amsterdam.StartOfDayUtc(new DateOnly(2023, month, day)), TimeSpan.Zero).AddHours(hour));

    private static Task<AppClient.Page> Register(AppClient client, int id, string? received, string? filedBy = "College van B&W van Utrecht",
        string? summary = "Het verleende bedrag is te laag.", string? posted = null) =>
        client.PostAsync($"/behandeling/{id}/bezwaar",
            [new("ReceivedOn", received ?? ""), new("PostedOn", posted ?? ""), new("FiledBy", filedBy ?? ""), new("Summary", summary ?? "")]);

    private static int ObjectionId(AppClient.Page page)
    {
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        return int.Parse(page.RedirectPath!.Split('/')[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<T>(sql, parameters);
    }

    /// <summary>The verlening sent on 1 February; then the clock at 10:00 on the given day and a Behandelaar signed in then (a session does not last weeks).</summary>
    private async Task<(int Id, AppClient Reviewer)> GrantedAsync(int month, int day)
    {
        var id = await Data.GrantedApplicationAsync(TestData.Utrecht);
        Assert.Equal(ObjectionDue, await ScalarAsync<DateOnly>("SELECT objection_due_on FROM decisions WHERE application_id = @id AND status = 'Goedgekeurd'", new { id }));
        Today(month, day);
        return (id, await Data.SignedInAsync(Roles.Behandelaar));
    }

    private Task<AppClient> ReviewerAsync() => Data.SignedInAsync(Roles.Behandelaar);

    [Fact]
    public async Task InTime_IsRegistered_ShownOnItsPageTheCaseAndTheList_WithDaysLeft_AndAudited()
    {
        var (id, reviewer) = await GrantedAsync(3, 10);

        var oid = ObjectionId(await Register(reviewer, id, "10-3-2023"));

        var page = await reviewer.GetAsync($"/behandeling/bezwaren/{oid}");
        Assert.Equal("op tijd", page.Text("[data-testid=timeliness]"));
        Assert.Equal("26 april 2023", page.Text("[data-testid=handling-due]"));
        Assert.Equal("Open", page.Text("[data-testid=objection-status]"));
        var list = await reviewer.GetAsync("/behandeling/bezwaren");
        Assert.Equal("47", list.Text($"[data-testid=objection-{oid}] [data-testid=days-left]"));
        var casePage = await reviewer.GetAsync($"/behandeling/{id}");
        Assert.Contains("Bezwaar van College van B&W van Utrecht", casePage.Text("[data-testid=case-objections]"));
        Assert.Contains("nog 47 dagen", casePage.Text("[data-testid=case-objections]"));
        Assert.Contains("Bezwaar geregistreerd", casePage.Text("[data-testid=timeline]"));
        Assert.Equal("Behandelaar", await ScalarAsync<string>("SELECT actor_role FROM audit_log WHERE action = 'BezwaarGeregistreerd' AND application_id = @id", new { id }));
        Assert.Equal(HandlingDue, await ScalarAsync<DateOnly>("SELECT handling_due_on FROM objections WHERE id = @oid", new { oid }));
    }

    [Fact]
    public async Task Overdue_IsFlaggedInTheList()
    {
        var (id, reviewer) = await GrantedAsync(3, 10);
        var oid = ObjectionId(await Register(reviewer, id, "10-3-2023"));

        Today(4, 28);
        reviewer = await ReviewerAsync();
        var list = await reviewer.GetAsync("/behandeling/bezwaren");
        Assert.Equal("Termijn verstreken (2 dagen te laat)", list.Text($"[data-testid=objection-{oid}] [data-testid=days-left]"));
        Assert.Contains("overdue", list.Html.QuerySelector($"[data-testid=objection-{oid}]")!.ClassName);
    }

    [Fact]
    public async Task Registration_WithWrongDates_IsRefusedWithDutchMessagesAtTheFields()
    {
        var (id, reviewer) = await GrantedAsync(3, 10);

        var future = await Register(reviewer, id, "11-3-2023");
        Assert.Equal(HttpStatusCode.OK, future.Status);
        Assert.Equal("De ontvangstdatum ligt in de toekomst. Vul de datum in waarop het bezwaarschrift binnenkwam.", future.FieldError("ReceivedOn"));
        Assert.Equal("De ontvangstdatum ligt vóór de verzending van het besluit op 1 februari 2023. Controleer de datum.",
            (await Register(reviewer, id, "31-1-2023")).FieldError("ReceivedOn"));
        Assert.Equal("Vul de datum in waarop het bezwaarschrift binnenkwam, zoals 1-3-2023.", (await Register(reviewer, id, null)).FieldError("ReceivedOn"));
        Assert.Equal("Vul een geldige ontvangstdatum in, zoals 1-3-2023.", (await Register(reviewer, id, "gisteren")).FieldError("ReceivedOn"));
        var empty = await Register(reviewer, id, "10-3-2023", filedBy: "", summary: " ");
        Assert.Equal("Vul in wie het bezwaar heeft ingediend.", empty.FieldError("FiledBy"));
        Assert.Equal("Vat het bezwaar kort samen.", empty.FieldError("Summary"));
        Assert.Equal("De datum van verzending ligt na de ontvangstdatum. Controleer de poststempel.",
            (await Register(reviewer, id, "9-3-2023", posted: "10-3-2023")).FieldError("PostedOn"));
        Assert.Equal(0, await ScalarAsync<int>("SELECT COUNT(*) FROM objections"));
    }

    [Fact]
    public async Task Registration_WithoutASentDecision_IsRefused()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Goes);
        using var reviewer = await Data.SignedInAsync(Roles.Behandelaar);

        Assert.Equal(RegisterObjection.NoDecision, (await reviewer.GetAsync($"/behandeling/{id}/bezwaar")).Text("[data-testid=no-decision]"));
        var refused = await reviewer.PostAsync($"/behandeling/{id}/bezwaar",
            [new("ReceivedOn", "1-2-2023"), new("FiledBy", "x"), new("Summary", "y")], tokenFrom: "/behandeling/bezwaren");
        Assert.Equal([RegisterObjection.NoDecision], refused.ErrorSummary);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync("/behandeling/999999/bezwaar")).Status);
    }

    [Fact]
    public async Task PostedInTime_ReceivedWithinAWeek_IsInTime()
    {
        var (id, reviewer) = await GrantedAsync(3, 22);

        var oid = ObjectionId(await Register(reviewer, id, "22-3-2023", posted: "15-3-2023"));

        Assert.Equal("op tijd", (await reviewer.GetAsync($"/behandeling/bezwaren/{oid}")).Text("[data-testid=timeliness]"));
    }

    [Fact]
    public async Task Late_MustBeExcusedBeforeJudgedOnTheMerits_AndTheOutcomeClosesIt()
    {
        var (id, reviewer) = await GrantedAsync(3, 20);
        var oid = ObjectionId(await Register(reviewer, id, "16-3-2023"));
        Assert.Equal("te laat", (await reviewer.GetAsync($"/behandeling/bezwaren/{oid}")).Text("[data-testid=timeliness]"));
        var url = $"/behandeling/bezwaren/{oid}";

        var onMerits = await reviewer.PostAsync($"{url}/beslissing", [new("Outcome", "Gegrond"), new("OutcomeReason", "Bedrag klopt niet.")], tokenFrom: url);
        Assert.StartsWith("Dit bezwaar is te laat ingediend en de overschrijding is niet verschoonbaar verklaard", onMerits.FieldError("Outcome"));
        var incomplete = await reviewer.PostAsync($"{url}/verschoonbaarheid", [new("ExcusableReason", "")], tokenFrom: url);
        Assert.Equal("Kies of de termijnoverschrijding verschoonbaar is.", incomplete.FieldError("Excusable"));
        Assert.Equal("Geef de reden van uw oordeel over de termijnoverschrijding.", incomplete.FieldError("ExcusableReason"));

        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.PostAsync($"{url}/verschoonbaarheid",
            [new("Excusable", "ja"), new("ExcusableReason", "Het besluit kwam door een adresfout pas later aan.")], tokenFrom: url)).Status);
        Assert.StartsWith("te laat, verschoonbaar", (await reviewer.GetAsync(url)).Text("[data-testid=timeliness]"));
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.PostAsync($"{url}/beslissing",
            [new("Outcome", "Gegrond"), new("OutcomeReason", "Het bedrag wordt herzien.")], tokenFrom: url)).Status);

        Assert.StartsWith("Beslist op 20 maart 2023: gegrond.", (await reviewer.GetAsync(url)).Text("[data-testid=objection-status]"));
        var again = await reviewer.PostAsync($"{url}/beslissing", [new("Outcome", "Ongegrond"), new("OutcomeReason", "x")], tokenFrom: "/behandeling/bezwaren");
        Assert.Equal([ObjectionQueries.Closed], again.ErrorSummary);
        Assert.Equal("Gegrond", await ScalarAsync<string>("SELECT outcome FROM objections WHERE id = @oid", new { oid }));
        Assert.Equal([("niet beoordeeld", "verschoonbaar"), ("open", "gegrond")], await QueryAsync<(string, string)>(
            "SELECT before_value, after_value FROM audit_log WHERE action IN ('BezwaarVerschoonbaarheid', 'BezwaarBeslist') ORDER BY id"));
        Assert.Equal("Er zijn geen open bezwaren.", (await reviewer.GetAsync("/behandeling/bezwaren")).Text("[data-testid=no-objections]"));
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await App.Db.OpenAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }

    [Fact]
    public async Task InTime_CannotBeExcused_AndOutcomeNeedsAChoiceAndAReason()
    {
        var (id, reviewer) = await GrantedAsync(3, 10);
        var url = $"/behandeling/bezwaren/{ObjectionId(await Register(reviewer, id, "10-3-2023"))}";

        var excused = await reviewer.PostAsync($"{url}/verschoonbaarheid", [new("Excusable", "ja"), new("ExcusableReason", "x")], tokenFrom: "/behandeling/bezwaren");
        Assert.Equal(["Dit bezwaar is op tijd ingediend; verschoonbaarheid (artikel 6:11 Awb) speelt alleen bij een te laat bezwaar."], excused.ErrorSummary);
        var empty = await reviewer.PostAsync($"{url}/beslissing", [new("Outcome", "Misschien"), new("OutcomeReason", "")], tokenFrom: url);
        Assert.Equal("Kies de uitkomst: gegrond, ongegrond, niet-ontvankelijk of ingetrokken.", empty.FieldError("Outcome"));
        Assert.Equal("Licht de uitkomst kort toe.", empty.FieldError("OutcomeReason"));
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.PostAsync($"{url}/beslissing", [new("Outcome", "Ingetrokken"), new("OutcomeReason", "Telefonisch ingetrokken.")], tokenFrom: url)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync("/behandeling/bezwaren/999999")).Status);
    }

    [Fact]
    public async Task HandlingTerm_DeferredOnceBySixWeeks_WithAReason_BeforeItEnds()
    {
        var (id, reviewer) = await GrantedAsync(3, 10);
        var oid = ObjectionId(await Register(reviewer, id, "10-3-2023"));
        var url = $"/behandeling/bezwaren/{oid}";

        Assert.Equal("Geef de reden van de verdaging; de indiener krijgt die te horen.",
            (await reviewer.PostAsync($"{url}/verdagen", [new("ExtensionReason", " ")], tokenFrom: url)).FieldError("ExtensionReason"));
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.PostAsync($"{url}/verdagen", [new("ExtensionReason", "Hoorzitting nodig.")], tokenFrom: url)).Status);

        Assert.StartsWith("7 juni 2023 (verdaagd: Hoorzitting nodig.)", (await reviewer.GetAsync(url)).Text("[data-testid=handling-due]"));
        var twice = await reviewer.PostAsync($"{url}/verdagen", [new("ExtensionReason", "Nog eens.")], tokenFrom: "/behandeling/bezwaren");
        Assert.Equal([ExtendHandlingTerm.AlreadyExtended], twice.ErrorSummary);
        Assert.Equal([("2023-04-26", "2023-06-07")], await QueryAsync<(string, string)>("SELECT before_value, after_value FROM audit_log WHERE action = 'BezwaartermijnVerdaagd'"));
    }

    [Fact]
    public async Task HandlingTerm_CannotBeDeferredAfterItEnded()
    {
        var (id, reviewer) = await GrantedAsync(3, 10);
        var url = $"/behandeling/bezwaren/{ObjectionId(await Register(reviewer, id, "10-3-2023"))}";
        Today(4, 27);
        reviewer = await ReviewerAsync();

        var late = await reviewer.PostAsync($"{url}/verdagen", [new("ExtensionReason", "Te laat bedacht.")], tokenFrom: "/behandeling/bezwaren");

        Assert.Equal(["De beslistermijn op dit bezwaar is verstreken op 26 april 2023; verdagen kan alleen vóór het einde van de termijn."], late.ErrorSummary);
    }

    [Fact]
    public async Task Accordeerder_SeesTheList_ButCannotRegister()
    {
        var (id, reviewer) = await GrantedAsync(3, 10);
        var oid = ObjectionId(await Register(reviewer, id, "10-3-2023"));
        using var approver = await Data.SignedInAsync(Roles.Accordeerder);

        Assert.Equal(HttpStatusCode.OK, (await approver.GetAsync($"/behandeling/bezwaren/{oid}")).Status);
        Assert.Null((await approver.GetAsync($"/behandeling/bezwaren/{oid}")).Html.QuerySelector("form[action$=beslissing]"));
        Assert.Equal("/geen-toegang", (await approver.GetAsync($"/behandeling/{id}/bezwaar")).RedirectPath);
    }

    private async Task<int> RunRemindersAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SendRemindersJob>().ExecuteAsync(CancellationToken.None);
    }

    private async Task<List<MimeKit.MimeMessage>> MailsAsync()
    {
        await App.OutboxIdleAsync();
        return App.Smtp.Messages().Where(m => m.Subject.StartsWith("Beslistermijn bezwaar", StringComparison.Ordinal)).ToList();
    }

    private void At(DateOnly day, int seconds) => App.Clock.SetUtcNow(new DateTimeOffset(Amsterdam.StartOfDayUtc(day), TimeSpan.Zero).AddSeconds(seconds));

    [Fact]
    public async Task Reminders_TwoWeeksBeforeAndOnTheDay_EachExactlyOnce_ToTheOffice()
    {
        var (id, reviewer) = await GrantedAsync(3, 10);
        ObjectionId(await Register(reviewer, id, "10-3-2023"));
        var kenmerk = await ScalarAsync<string>("SELECT kenmerk FROM applications WHERE id = @id", new { id });

        At(HandlingDue.AddDays(-14), -1);
        Assert.Equal(0, await RunRemindersAsync());
        At(HandlingDue.AddDays(-14), 1);
        Assert.Equal(1, await RunRemindersAsync());
        Assert.Equal(0, await RunRemindersAsync());
        var early = Assert.Single(await MailsAsync());
        Assert.Equal($"Beslistermijn bezwaar {kenmerk} (Utrecht) eindigt op 26 april 2023", early.Subject);
        Assert.Contains("over 14 dagen", early.TextBody);
        Assert.NotEmpty(early.To.Mailboxes);
        Assert.All(early.To.Mailboxes, m => Assert.EndsWith("@test.example", m.Address));

        At(HandlingDue, -1);
        Assert.Equal(0, await RunRemindersAsync());
        At(HandlingDue, 3600 * 9);
        Assert.Equal(1, await RunRemindersAsync());
        Assert.Equal(0, await RunRemindersAsync());
        var mails = await MailsAsync();
        Assert.Equal(2, mails.Count);
        Assert.Contains(mails, m => m.Subject == $"Beslistermijn bezwaar {kenmerk} (Utrecht) eindigt vandaag");
        Assert.Equal(2, await ScalarAsync<int>("SELECT COUNT(*) FROM reminders WHERE kind = 'bezwaar'"));
    }

    [Fact]
    public async Task Reminders_AfterDowntime_OnlyTheMostUrgentOnce_AndNoneOnceDecided()
    {
        var (id, reviewer) = await GrantedAsync(3, 10);
        var url = $"/behandeling/bezwaren/{ObjectionId(await Register(reviewer, id, "10-3-2023"))}";

        At(HandlingDue.AddDays(2), 3600 * 10); // down from before the first stage until after the last day
        Assert.Equal(1, await RunRemindersAsync());
        Assert.Equal(0, await RunRemindersAsync());
        var caughtUp = Assert.Single(await MailsAsync());
        Assert.EndsWith("is verstreken", caughtUp.Subject);

        reviewer = await ReviewerAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.PostAsync($"{url}/beslissing", [new("Outcome", "Ongegrond"), new("OutcomeReason", "Besluit blijft.")], tokenFrom: url)).Status);
        At(HandlingDue.AddDays(3), 3600 * 10);
        Assert.Equal(0, await RunRemindersAsync());
    }

    [Fact]
    public async Task Reminders_ADeferredTerm_GetsItsOwnReminders()
    {
        var (id, reviewer) = await GrantedAsync(3, 10);
        var url = $"/behandeling/bezwaren/{ObjectionId(await Register(reviewer, id, "10-3-2023"))}";
        At(HandlingDue.AddDays(-14), 1);
        Assert.Equal(1, await RunRemindersAsync());

        reviewer = await ReviewerAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.PostAsync($"{url}/verdagen", [new("ExtensionReason", "Advies nodig.")], tokenFrom: url)).Status);
        At(HandlingDue, 3600 * 9);
        Assert.Equal(0, await RunRemindersAsync()); // the old last day is no longer a reminder moment
        var deferred = new DateOnly(2023, 6, 7);
        At(deferred.AddDays(-14), 1);
        Assert.Equal(1, await RunRemindersAsync());
        Assert.Equal(0, await RunRemindersAsync());
        Assert.Contains(await MailsAsync(), m => m.Subject.EndsWith("eindigt op 7 juni 2023", StringComparison.Ordinal));
    }
}
