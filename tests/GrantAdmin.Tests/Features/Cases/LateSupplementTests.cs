using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Cases;

namespace GrantAdmin.Tests.Features.Cases;

/// <summary>
/// A supplement after the aanvulverzoek's term (Awb 4:5), through the real pipeline: the round's setting, the gemeente's
/// late supplement, the expiry job leaving it alone, and the reviewer's choice.
/// </summary>
public sealed class LateSupplementTests(TestApp app) : AppTest(app)
{
    private sealed record CaseRow(string State, DateTime? RankingMomentUtc, DateTime? LatestReceiptUtc, int? RankingPosition, DateOnly? DecisionDueOn);

    private async Task<CaseRow> RowAsync(int id)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<CaseRow>("""
            SELECT state, ranking_moment_utc AS RankingMomentUtc, latest_receipt_utc AS LatestReceiptUtc, ranking_position AS RankingPosition,
                   decision_due_on AS DecisionDueOn
            FROM applications WHERE id = @id
            """, new { id });
    }

    private static Task<AppClient.Page> SetPolicy(AppClient admin, string value) =>
        admin.PostAsync("/beheer/rondes/2023/te-late-aanvulling", [new("LateSupplementPolicy", value)], tokenFrom: "/beheer/rondes");

    /// <summary>A reviewer who holds the case now (sessions last hours; the test's days pass in between).</summary>
    private async Task<AppClient> ReviewerHoldingAsync(int id)
    {
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await using var connection = await App.Db.OpenAsync();
        await connection.ExecuteAsync("UPDATE applications SET assigned_to_user_id = (SELECT MAX(id) FROM users WHERE role = 'Behandelaar') WHERE id = @id", new { id });
        return reviewer;
    }

    /// <summary>Utrecht submits on 1 February 2023 and gets an aanvulverzoek with a term to 15 February; Goes submits ten minutes after Utrecht.</summary>
    private async Task<(int Id, int Later)> AskedToSupplementAsync()
    {
        var (utrecht, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(utrecht, id);
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        var (goes, later) = await Data.CompleteDraftAsync(TestData.Goes);
        await TestData.SubmitAsync(goes, later);
        var reviewer = await ReviewerHoldingAsync(id);
        var codes = GrantAdmin.Web.Features.ReferenceData.ReferenceDataLoader.DefaultChecklist.Select(c => c.Code).ToList();
        var judgement = codes.SelectMany((code, i) => code == "projectplan"
            ? new KeyValuePair<string, string>[] { new($"Items[{i}].Code", code), new($"Items[{i}].Remark", "Het plan ontbreekt") }
            : [new($"Items[{i}].Code", code), new($"Items[{i}].Complete", "true")]).Append(new("Explanation", "Stuur het plan.")).Append(new("TermDays", "14"));
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.PostAsync($"/behandeling/{id}/beoordelen", judgement, tokenFrom: $"/behandeling/{id}")).Status);
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(new DateOnly(2023, 2, 15), await connection.QuerySingleAsync<DateOnly>("SELECT due_on FROM completion_requests WHERE application_id = @id", new { id }));
        return (id, later);
    }

    private async Task<AppClient.Page> SupplementAsync(int id, DateTimeOffset at)
    {
        App.Clock.SetUtcNow(at);
        var gemeente = App.Client();
        await gemeente.LoginAsync(await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht));
        return await gemeente.PostMultipartAsync($"/aanvragen/{id}/aanvullen", TestData.CompleteForm(), TestData.PdfPlan("Projectplan laat.pdf"));
    }

    private Task<int> ExpireAsync() =>
        App.Services.CreateScope().ServiceProvider.GetRequiredService<ExpireCompletionTermsJob>().ExecuteAsync(CancellationToken.None);

    [Fact]
    public async Task Review_LateSupplementWaits_JobLeavesIt_ReviewerAcceptsWithReason_RanksAtTheSupplementsReceipt()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await SetPolicy(await Data.SignedInAsync(Roles.Beheerder), "Review")).Status);
        var (id, later) = await AskedToSupplementAsync();

        // Monday 20 February, 10:00 Amsterdam: five days late, before the expiry job ran.
        var gemeente = App.Client();
        App.Clock.SetUtcNow(new DateTimeOffset(2023, 2, 20, 9, 0, 0, TimeSpan.Zero));
        await gemeente.LoginAsync(await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht));
        Assert.Contains("De behandelaar beslist", (await gemeente.GetAsync($"/aanvragen/{id}")).Text("[data-testid=completion-late]"));
        var sent = await gemeente.PostMultipartAsync($"/aanvragen/{id}/aanvullen", TestData.CompleteForm(), TestData.PdfPlan("Projectplan laat.pdf"));
        Assert.Equal($"/aanvragen/{id}", sent.Location);

        var waiting = await RowAsync(id);
        Assert.Equal(("BuitenBehandeling", (int?)null), (waiting.State, waiting.RankingPosition)); // not ranked until accepted
        Assert.Equal(new DateTime(2023, 2, 20, 9, 0, 0), waiting.LatestReceiptUtc);
        await App.Smtp.WaitForAsync(m => m.Subject == "Ontvangstbevestiging aanvulling SUVCO-2023-000001"); // Awb 4:3a: confirmed at once all the same
        Assert.Equal(0, await ExpireAsync()); // the lapsed term is not flagged again over the waiting supplement
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal((new DateOnly(2023, 2, 15), new DateOnly(2023, 3, 15)), await connection.QuerySingleAsync<(DateOnly, DateOnly)>(
            "SELECT expired_on, set_aside_due_on FROM completion_requests WHERE application_id = @id", new { id }));
        // The suspension ended with the term's last day (4:15(1)(a)), not with the late supplement: 29 March + 14 days.
        Assert.Equal(new DateOnly(2023, 4, 12), waiting.DecisionDueOn);

        var reviewer = await ReviewerHoldingAsync(id);
        var page = await reviewer.GetAsync($"/behandeling/{id}");
        Assert.Contains("20 februari 2023", page.Text("[data-testid=late-supplement]"));
        Assert.Contains("na de termijn", page.Text("[data-testid=requests]"));

        var noReason = await reviewer.PostAsync($"/behandeling/{id}/te-late-aanvulling", [new("AcceptanceReason", "  ")], tokenFrom: $"/behandeling/{id}");
        Assert.Equal("Leg uit waarom u de aanvulling na de termijn toch aanvaardt.", noReason.FieldError("AcceptanceReason"));
        Assert.Equal("BuitenBehandeling", (await RowAsync(id)).State);

        var accepted = await reviewer.PostAsync($"/behandeling/{id}/te-late-aanvulling",
            [new("AcceptanceReason", "Storing bij de gemeente; de aanvulling kwam kort na de termijn.")], tokenFrom: $"/behandeling/{id}");
        Assert.Equal(HttpStatusCode.Redirect, accepted.Status);
        Assert.Equal("InBehandeling", (await RowAsync(id)).State);
        Assert.Equal("SUVCO-2023-000001: Storing bij de gemeente; de aanvulling kwam kort na de termijn.", await connection.QuerySingleAsync<string>(
            "SELECT details FROM audit_log WHERE action = 'TeLateAanvullingAanvaard' AND application_id = @id", new { id }));
        Assert.Equal(("AanvullingOntvangen", new DateTime(2023, 2, 20, 9, 0, 0)), await connection.QuerySingleAsync<(string, DateTime)>(
            "SELECT event, moment_utc FROM ranking_ledger WHERE id = (SELECT MAX(id) FROM ranking_ledger WHERE application_id = @id)", new { id }));
        Assert.Contains("Aanvulling van na de termijn aanvaard: Storing bij de gemeente", await connection.QuerySingleAsync<string>(
            "SELECT reason FROM state_transitions WHERE id = (SELECT MAX(id) FROM state_transitions WHERE application_id = @id)", new { id }));

        // Judged complete, it ranks at the late supplement's receipt: behind Goes.
        await reviewer.PostAsync($"/behandeling/{id}/beoordelen", TestData.CompleteJudgement(), tokenFrom: $"/behandeling/{id}");
        var complete = await RowAsync(id);
        Assert.Equal((new DateTime(2023, 2, 20, 9, 0, 0), (int?)2), (complete.RankingMomentUtc, complete.RankingPosition));
        Assert.Equal(1, (await RowAsync(later)).RankingPosition);
        Assert.Contains("Klopt:", (await reviewer.GetAsync("/rondes/2023/grootboekcontrole")).Text("[data-testid=verdict]"));
    }

    [Fact]
    public async Task Review_AfterTheJobFlaggedTheTerm_SupplementStillComes_AndTheReviewerMayStillSetAside()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await SetPolicy(await Data.SignedInAsync(Roles.Beheerder), "Review")).Status);
        var (id, _) = await AskedToSupplementAsync();
        App.Clock.SetUtcNow(new DateTimeOffset(2023, 2, 16, 6, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await ExpireAsync());

        var sent = await SupplementAsync(id, new DateTimeOffset(2023, 2, 17, 9, 0, 0, TimeSpan.Zero));

        Assert.Equal($"/aanvragen/{id}", sent.Location);
        Assert.Equal("BuitenBehandeling", (await RowAsync(id)).State);
        var page = await (await ReviewerHoldingAsync(id)).GetAsync($"/behandeling/{id}");
        Assert.NotNull(page.Html.QuerySelector("[data-testid=late-supplement]"));
        Assert.NotNull(page.Html.QuerySelector("[data-testid=decision] form")); // setting aside stays the other choice
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE action = 'AanvullingTeLaatIngediend' AND application_id = @id", new { id }));
    }

    [Fact]
    public async Task Refuse_TheDefault_TakesNoSupplementAfterTheTerm_AndNothingWaitsForTheReviewer()
    {
        var (id, _) = await AskedToSupplementAsync();

        var late = await SupplementAsync(id, new DateTimeOffset(2023, 2, 20, 9, 0, 0, TimeSpan.Zero));

        Assert.Contains("De termijn voor aanvulling is verstreken: aanvullen kon tot en met 15 februari 2023.", late.ErrorSummary);
        Assert.Equal(1, await ExpireAsync());
        var reviewer = await ReviewerHoldingAsync(id);
        Assert.Null((await reviewer.GetAsync($"/behandeling/{id}")).Html.QuerySelector("[data-testid=late-supplement]"));
        var accepted = await reviewer.PostAsync($"/behandeling/{id}/te-late-aanvulling", [new("AcceptanceReason", "Toch maar")], tokenFrom: $"/behandeling/{id}");
        Assert.Contains("Bij deze aanvraag wacht geen aanvulling van na de termijn op uw keuze.", accepted.ErrorSummary);
        Assert.Equal("BuitenBehandeling", (await RowAsync(id)).State);
    }

    [Fact]
    public async Task RoundSetting_ShownAndChanged_AuditedWithBeforeAndAfter_AndAnUnknownValueRefusedAtTheField()
    {
        using var admin = await Data.SignedInAsync(Roles.Beheerder);

        var bad = await SetPolicy(admin, "Misschien");
        Assert.Equal("Kies of de gemeente na de termijn nog kan aanvullen.", bad.FieldError("LateSupplementPolicy"));
        Assert.Equal(HttpStatusCode.Redirect, (await SetPolicy(admin, "Review")).Status);

        var page = await admin.GetAsync("/beheer/rondes");
        Assert.NotNull(page.Html.QuerySelector("[data-testid=late-2023] input[value=Review][checked]"));
        Assert.NotNull(page.Html.QuerySelector("[data-testid=late-2022] input[value=Refuse][checked]"));
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(("Refuse", "Review"), await connection.QuerySingleAsync<(string, string)>(
            "SELECT before_value, after_value FROM audit_log WHERE action = 'TeLateAanvullingBeleidGewijzigd'"));
    }
}
