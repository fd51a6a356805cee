using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Features.Decisions;

namespace GrantAdmin.Tests.Features.Decisions;

/// <summary>Decisions with four eyes through the real pipeline: prepare, approve or return, the letter and its e-mail.</summary>
public sealed class DecisionTests(TestApp app) : AppTest(app)
{
    private sealed record Row(string State, long? GrantedCents, long ReservedCents, string? Allocation, int? AssignedToUserId);

    private async Task<Row> RowAsync(int id)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<Row>("""
            SELECT state, granted_cents AS GrantedCents, reserved_cents AS ReservedCents, allocation, assigned_to_user_id AS AssignedToUserId
            FROM applications WHERE id = @id
            """, new { id });
    }

    private DecisionSteps Steps => new(App);
    private Task<(AppClient Reviewer, int Id)> JudgedAsync(string code, bool complete = true) => Steps.JudgedAsync(code, complete);
    private static Task<AppClient.Page> Prepare(AppClient user, int id, string kind, string? ground = null, string? explanation = null) =>
        DecisionSteps.Prepare(user, id, kind, ground, explanation);
    private static Task<AppClient.Page> Approve(AppClient user, int id, params KeyValuePair<string, string>[] extra) => DecisionSteps.Approve(user, id, extra);

    [Fact]
    public async Task Grant_ApprovedBySecondUser_IsGrantedInLedgerAndMeter_AndLetterSentAndShownToGemeente()
    {
        var (reviewer, id) = await JudgedAsync(TestData.Utrecht);

        var prepared = await Prepare(reviewer, id, nameof(DecisionKind.Verlening));
        Assert.Equal(HttpStatusCode.Redirect, prepared.Status);
        Assert.Equal("BesluitTerAccordering", (await RowAsync(id)).State);

        var approver = await Data.SignedInAsync(Roles.Accordeerder);
        var page = await approver.GetAsync($"/behandeling/{id}");
        Assert.Contains("Verlening van € 50.000,00", page.Text("[data-testid=pending]"));
        var approved = await Approve(approver, id);
        Assert.Equal(HttpStatusCode.Redirect, approved.Status);

        var row = await RowAsync(id);
        Assert.Equal(("Verleend", 5_000_000L), (row.State, row.GrantedCents!.Value));
        Assert.Equal("Granted", row.Allocation);
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(["Ontvangen", "Volledig", "Verleend"], await connection.QueryAsync<string>("SELECT event FROM ranking_ledger WHERE application_id = @id ORDER BY id", new { id }));
        Assert.Equal(["BesluitInVoorbereiding", "BesluitTerAccordering", "Verleend"],
            (await connection.QueryAsync<string>("SELECT to_state FROM state_transitions WHERE application_id = @id ORDER BY id", new { id })).TakeLast(3));
        var decision = await connection.QuerySingleAsync<(string Status, string RuleVersion)>(
            "SELECT status, rule_version FROM decisions WHERE application_id = @id", new { id });
        Assert.Equal("Goedgekeurd", decision.Status);
        Assert.Equal(await connection.QuerySingleAsync<string>("SELECT rule_version FROM rounds WHERE code = '2023'"), decision.RuleVersion);
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE application_id = @id AND action = 'BesluitGeaccordeerd'", new { id }));

        var check = await approver.GetAsync("/rondes/2023/grootboekcontrole");
        Assert.Contains("Klopt:", check.Text("[data-testid=verdict]"));
        var meter = await App.Client().GetAsync("/plafond");
        Assert.Equal("€ 50.000,00", meter.Text("[data-testid=meter-2023] [data-testid=granted]"));
        Assert.Equal("€ 0,00", meter.Text("[data-testid=meter-2023] [data-testid=reserved]"));

        // The letter: by e-mail to the contact and the tekenbevoegden, and the same document in the gemeente's portal.
        var mail = await App.Smtp.WaitForAsync(m => m.Subject == "Besluit op aanvraag SUVCO-2023-000001");
        Assert.Contains("jan.jansen@gemeente.example", mail.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("verlening van € 50.000,00.", mail.TextBody); // the mail itself says the amount, not only the letter
        var text = await Letters.TextAsync(mail);
        Assert.Contains("SUVCO-2023-000001", text);
        Assert.Contains("college van burgemeester en wethouders", text);
        Assert.Contains("€ 50.000,00", text);
        Assert.Contains("1 februari 2023", text);          // the letter's date
        Assert.Contains("15 maart 2023", text);            // six weeks from the day after sending
        Assert.Contains("Algemene wet bestuursrecht", text);

        var tekenbevoegde = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        var details = await tekenbevoegde.GetAsync($"/aanvragen/{id}");
        var link = details.Html.QuerySelector("[data-testid=decision-letters] a")!.GetAttribute("href")!;
        var portalCopy = await tekenbevoegde.Http.GetByteArrayAsync(link);
        Assert.Contains("€ 50.000,00", Letters.Text(portalCopy));
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM documents WHERE application_id = @id AND kind LIKE 'Besluit-%'", new { id }));
        // Sent as every letter is: by a dispatch, here the approval's own dispatch of one, and audited.
        Assert.Equal("Accordering", await connection.QuerySingleAsync<string>("""
            SELECT x.origin FROM decision_dispatches x JOIN decision_dispatch_items i ON i.dispatch_id = x.id JOIN decisions d ON d.id = i.decision_id
            WHERE d.application_id = @id AND i.status = 'Sent'
            """, new { id }));
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE application_id = @id AND action = 'BesluitVerzonden'", new { id }));
    }

    [Fact]
    public async Task OwnDecision_ApprovalRefused_InTheUiAndByACraftedPost()
    {
        var (_, id) = await JudgedAsync(TestData.Utrecht);
        var accordeerder = await Data.SignedInAsync(Roles.Accordeerder);
        await Prepare(accordeerder, id, nameof(DecisionKind.Verlening));

        var page = await accordeerder.GetAsync($"/behandeling/{id}");
        Assert.Null(page.Html.QuerySelector("form[action$='/besluit/accorderen']"));
        Assert.Contains("U hebt dit besluit voorbereid", page.Text("[data-testid=four-eyes]"));

        await using var connection = await App.Db.OpenAsync();
        var otherId = await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @email", new { email = await Data.UserAsync(Roles.Accordeerder) });
        var crafted = await Approve(accordeerder, id, new("PreparedBy", otherId.ToString()), new("preparedByUserId", otherId.ToString()), new("userId", otherId.ToString()));
        Assert.Contains(ReviewDecision.OwnDecision, crafted.ErrorSummary);
        var returned = await accordeerder.PostAsync($"/behandeling/{id}/besluit/terugsturen", [new("Remark", "Zelf terug")], tokenFrom: $"/behandeling/{id}");
        Assert.Contains(ReviewDecision.OwnDecision, returned.ErrorSummary);
        Assert.Equal("BesluitTerAccordering", (await RowAsync(id)).State);
        Assert.Equal("TerAccordering", await connection.QuerySingleAsync<string>("SELECT status FROM decisions WHERE application_id = @id", new { id }));

        // A Behandelaar cannot approve at all; an Invuller sees nothing of this.
        var behandelaar = await Data.SignedInAsync(Roles.Behandelaar);
        var token = await behandelaar.TokenAsync($"/behandeling/{id}");
        var refused = await behandelaar.Http.PostAsync($"/behandeling/{id}/besluit/accorderen",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.StartsWith("https://localhost/geen-toegang", refused.Headers.Location!.ToString());
        var invuller = await Data.SignedInAsync(Roles.Invuller, TestData.Utrecht);
        var hidden = await invuller.Http.GetAsync($"/behandeling/{id}");
        Assert.StartsWith("https://localhost/geen-toegang", hidden.Headers.Location!.ToString());
        Assert.Equal("BesluitTerAccordering", (await RowAsync(id)).State);
    }

    [Fact]
    public async Task Returned_WithRemark_GoesBackToThePreparer_WhoPreparesAgain()
    {
        var (reviewer, id) = await JudgedAsync(TestData.Utrecht);
        await Prepare(reviewer, id, nameof(DecisionKind.Afwijzing), PrepareDecision.NotEligibleGround, "Geen activiteiten uit de regeling.");
        var approver = await Data.SignedInAsync(Roles.Accordeerder);

        var noRemark = await approver.PostAsync($"/behandeling/{id}/besluit/terugsturen", [new("Remark", " ")], tokenFrom: $"/behandeling/{id}");
        Assert.Contains("Schrijf op wat de voorbereider moet aanpassen.", noRemark.ErrorSummary);
        var returned = await approver.PostAsync($"/behandeling/{id}/besluit/terugsturen", [new("Remark", "De aanvraag voldoet wel; verleen haar.")], tokenFrom: $"/behandeling/{id}");
        Assert.Equal(HttpStatusCode.Redirect, returned.Status);
        var row = await RowAsync(id);
        Assert.Equal("BesluitInVoorbereiding", row.State);

        var page = await reviewer.GetAsync($"/behandeling/{id}");
        Assert.Contains("De aanvraag voldoet wel; verleen haar.", page.Text("[data-testid=returned]"));
        Assert.NotNull(page.Html.QuerySelector("[data-testid=prepare]"));

        var again = await Prepare(reviewer, id, nameof(DecisionKind.Verlening));
        Assert.Equal(HttpStatusCode.Redirect, again.Status);
        Assert.Equal(HttpStatusCode.Redirect, (await Approve(approver, id)).Status);
        Assert.Equal(("Verleend", 5_000_000L), ((await RowAsync(id)).State, (await RowAsync(id)).GrantedCents!.Value));
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(["Teruggestuurd", "Goedgekeurd"], await connection.QueryAsync<string>("SELECT status FROM decisions WHERE application_id = @id ORDER BY id", new { id }));
    }

    [Fact]
    public async Task Refusal_OnTheCeiling_LetterStatesPositionAndMeter_AndReleasesNothingGranted()
    {
        await using var connection = await App.Db.OpenAsync();
        await connection.ExecuteAsync("UPDATE rounds SET ceiling_cents = 5000000 WHERE code = '2023'"); // room for one application of € 50.000
        var (_, first) = await JudgedAsync(TestData.Utrecht);
        var (reviewer, second) = await JudgedAsync(TestData.Goes);
        Assert.Equal("NoRoom", (await RowAsync(second)).Allocation);

        var grant = await Prepare(reviewer, second, nameof(DecisionKind.Verlening));
        Assert.Contains("Er is geen bedrag gereserveerd voor deze aanvraag, dus er valt niets te verlenen. Wijs haar af als het plafond bereikt is.", grant.ErrorSummary);
        var wrongGround = await Prepare(reviewer, first, nameof(DecisionKind.Afwijzing), PrepareDecision.CeilingGround);
        Assert.Contains("Het uitkeringsplafond is voor deze aanvraag niet bereikt: er is ruimte voor haar gereserveerd.", wrongGround.ErrorSummary);
        var noExplanation = await Prepare(reviewer, second, nameof(DecisionKind.Afwijzing), PrepareDecision.NotEligibleGround);
        Assert.Contains("Leg uit waarom de aanvraag niet voldoet aan de regeling.", noExplanation.ErrorSummary);

        Assert.Equal(HttpStatusCode.Redirect, (await Prepare(reviewer, second, nameof(DecisionKind.Afwijzing), PrepareDecision.CeilingGround)).Status);
        var approver = await Data.SignedInAsync(Roles.Accordeerder);
        Assert.Equal(HttpStatusCode.Redirect, (await Approve(approver, second)).Status);

        Assert.Equal("Afgewezen", (await RowAsync(second)).State);
        Assert.Equal("Reserved", (await RowAsync(first)).Allocation);
        var mail = await App.Smtp.WaitForAsync(m => m.Subject == "Besluit op aanvraag SUVCO-2023-000002");
        var text = await Letters.TextAsync(mail);
        Assert.Contains("Het uitkeringsplafond is bereikt", text);
        Assert.Contains("plaats 2", text);
        Assert.Contains("Uitkeringsplafond € 50.000,00", text);
        Assert.Contains("Verleend € 0,00", text);
        Assert.Contains("Gereserveerd € 50.000,00", text);
        Assert.Contains("Beschikbaar € 0,00", text);
        Assert.Contains("15 maart 2023", text);
        var check = await approver.GetAsync("/rondes/2023/grootboekcontrole");
        Assert.Contains("Klopt:", check.Text("[data-testid=verdict]"));
    }

    [Fact]
    public async Task SetAside_AllowedUpToFourWeeksAfterTheTerm_RefusedAfter()
    {
        var (_, late) = await JudgedAsync(TestData.Utrecht, complete: false);   // term ends 15 February 2023
        var (_, inTime) = await JudgedAsync(TestData.Goes, complete: false);
        App.Clock.SetUtcNow(new DateTimeOffset(2023, 2, 15, 23, 0, 1, TimeSpan.Zero));
        var job = App.Services.CreateScope().ServiceProvider.GetRequiredService<ExpireCompletionTermsJob>();
        Assert.Equal(2, await job.ExecuteAsync(CancellationToken.None));
        Assert.Equal("BuitenBehandeling", (await RowAsync(late)).State);

        // On the last day (15 March 2023) it is allowed; the day after it is refused.
        App.Clock.SetUtcNow(new DateTimeOffset(2023, 3, 15, 12, 0, 0, TimeSpan.Zero));
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        var grant = await Prepare(reviewer, inTime, nameof(DecisionKind.Verlening));
        Assert.Contains("Alleen een volledige aanvraag kan worden verleend.", grant.ErrorSummary);
        Assert.Equal(HttpStatusCode.Redirect, (await Prepare(reviewer, inTime, nameof(DecisionKind.BuitenBehandeling))).Status);

        App.Clock.SetUtcNow(new DateTimeOffset(2023, 3, 15, 23, 0, 1, TimeSpan.Zero)); // 16 March, 00:00:01 in Amsterdam
        reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        var refused = await Prepare(reviewer, late, nameof(DecisionKind.BuitenBehandeling));
        Assert.Contains("Buiten behandeling stellen kon tot en met 15 maart 2023: vier weken na het einde van de aanvultermijn. Neem een ander besluit.", refused.ErrorSummary);
        Assert.Equal("BuitenBehandeling", (await RowAsync(late)).State);

        var approver = await Data.SignedInAsync(Roles.Accordeerder);
        Assert.Equal(HttpStatusCode.Redirect, (await Approve(approver, inTime)).Status);
        Assert.Equal("BuitenBehandelingGesteld", (await RowAsync(inTime)).State);
        var text = await Letters.TextAsync(await App.Smtp.WaitForAsync(m => m.Subject == "Besluit op aanvraag SUVCO-2023-000002"));
        Assert.Contains("buiten behandeling", text);
        Assert.Contains("artikel 4:5", text);
        Assert.Contains("16 maart 2023", text); // approved and sent the day after the limit of the other case
        Assert.Contains("1 mei 2023", text); // six weeks end on 27 April, Koningsdag, and Friday 28 April is designated (Atw art. 3(3))
        var check = await approver.GetAsync("/rondes/2023/grootboekcontrole");
        Assert.Contains("Klopt:", check.Text("[data-testid=verdict]"));
    }

    [Fact]
    public async Task PartialReservation_GivesAPartialGrant_LetterStatesBothAmounts()
    {
        await using var connection = await App.Db.OpenAsync();
        await connection.ExecuteAsync("UPDATE rounds SET ceiling_cents = 7500000, remainder_policy = 'PartialRemainder' WHERE code = '2023'");
        await JudgedAsync(TestData.Utrecht);
        var (reviewer, second) = await JudgedAsync(TestData.Goes);
        Assert.Equal(("PartiallyReserved", 2_500_000L), ((await RowAsync(second)).Allocation!, (await RowAsync(second)).ReservedCents));

        await Prepare(reviewer, second, nameof(DecisionKind.Verlening));
        Assert.Equal(HttpStatusCode.Redirect, (await Approve(await Data.SignedInAsync(Roles.Accordeerder), second)).Status);

        Assert.Equal(("Verleend", 2_500_000L), ((await RowAsync(second)).State, (await RowAsync(second)).GrantedCents!.Value));
        var text = await Letters.TextAsync(await App.Smtp.WaitForAsync(m => m.Subject == "Besluit op aanvraag SUVCO-2023-000002"));
        Assert.Contains("€ 25.000,00", text);
        Assert.Contains("U vroeg € 50.000,00 aan", text);
        var meter = await App.Client().GetAsync("/plafond");
        Assert.Equal("€ 25.000,00", meter.Text("[data-testid=meter-2023] [data-testid=granted]"));
    }
}
