using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Decisions;
using GrantAdmin.Web.Features.Settlement;

namespace GrantAdmin.Tests.Features.Settlement;

/// <summary>
/// The vaststelling through the real pipeline: spending per year recorded and corrected, prepared, approved or returned
/// by a second user, the letter read back from the e-mail and the portal; every refusal with its Dutch message.
/// </summary>
public sealed class SettlementTests(TestApp app) : AppTest(app)
{
    /// <summary>Monday 4 August 2025, 10:00 in Amsterdam: after the last SiSa report (over 2024) was due.</summary>
    private static readonly DateTimeOffset AfterSisa = new(2025, 8, 4, 8, 0, 0, TimeSpan.Zero);

    private static string Page(int id) => $"/behandeling/{id}/vaststelling";

    private static Task<AppClient.Page> Record(AppClient user, int id, string year, string amount) =>
        user.PostAsync($"{Page(id)}/besteding", [new("Year", year), new("Amount", amount)], tokenFrom: Page(id));

    private static Task<AppClient.Page> Prepare(AppClient user, int id, string explanation = "") =>
        user.PostAsync(Page(id), [new("Explanation", explanation)], tokenFrom: Page(id));

    private static Task<AppClient.Page> Approve(AppClient user, int id, params KeyValuePair<string, string>[] extra) =>
        user.PostAsync($"{Page(id)}/accorderen", extra, tokenFrom: Page(id));

    private static Task<AppClient.Page> Return(AppClient user, int id, string remark) =>
        user.PostAsync($"{Page(id)}/terugsturen", [new("Remark", remark)], tokenFrom: Page(id));

    /// <summary>Utrecht's € 50.000 verlening (paid in full), then the clock moved to after the SiSa due dates.</summary>
    private async Task<int> GrantedApplicationAsync()
    {
        var id = await Data.GrantedApplicationAsync(TestData.Utrecht);
        await App.DeliveredAsync("Besluit op aanvraag"); // the verlening's letter is out before the clock jumps
        App.Clock.SetUtcNow(AfterSisa);
        return id;
    }

    private async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QueryFirstAsync<T>(sql, parameters);
    }

    /// <summary>The letter's text with every run of white space (line ends included) as one space.</summary>
    private static async Task<string> LetterTextAsync(MimeKit.MimeMessage mail) =>
        System.Text.RegularExpressions.Regex.Replace(await Letters.TextAsync(mail), @"\s+", " ");

    private Task<string> StateAsync(int id) => ScalarAsync<string>("SELECT state FROM applications WHERE id = @id", new { id });

    [Fact]
    public async Task Settlement_RecordedPreparedAndApprovedBySecondUser_IsVastgesteld_AndLetterSentAndShownToGemeente()
    {
        var id = await GrantedApplicationAsync();
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);

        var casePage = await reviewer.GetAsync($"/behandeling/{id}");
        Assert.Equal(Page(id), casePage.Html.QuerySelector("[data-testid=settlement-link] a")!.GetAttribute("href"));
        var page = await reviewer.GetAsync(Page(id));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("2023 en 2024", page.Text("[data-testid=missing]"));

        Assert.Equal(HttpStatusCode.Redirect, (await Record(reviewer, id, "2023", "12.345,67")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await Record(reviewer, id, "2024", "25.000")).Status);
        var corrected = await Record(reviewer, id, "2024", "20.000,00"); // correction of the same year
        Assert.Equal(HttpStatusCode.Redirect, corrected.Status);
        page = await reviewer.GetAsync(Page(id));
        Assert.Contains("De besteding over 2024 is gecorrigeerd: € 20.000,00.", page.Text(".notice"));
        Assert.Equal("€ 32.345,67", page.Text("[data-testid=reported]"));
        Assert.Equal("€ 32.345,67", page.Text("[data-testid=final]"));
        Assert.Equal("€ 17.654,33", page.Text("[data-testid=payback]"));
        Assert.Equal(2, await ScalarAsync<int>("SELECT COUNT(*) FROM spending_reports WHERE application_id = @id", new { id }));
        Assert.Equal(["BestedingVastgelegd", "BestedingVastgelegd", "BestedingGecorrigeerd"],
            (await App.Db.QueryAsync<string>("SELECT action FROM audit_log WHERE application_id = @id AND action LIKE 'Besteding%' ORDER BY id", new { id })));

        Assert.Equal(HttpStatusCode.Redirect, (await Prepare(reviewer, id, "De gemeente besteedde minder dan verleend.")).Status);
        Assert.Equal("Verleend", await StateAsync(id));

        var approver = await Data.SignedInAsync(Roles.Accordeerder);
        Assert.Contains("Vaststelling op € 32.345,67, terugvordering € 17.654,33", (await approver.GetAsync(Page(id))).Text("[data-testid=pending]"));
        Assert.Equal(HttpStatusCode.Redirect, (await Approve(approver, id)).Status);

        Assert.Equal("Vastgesteld", await StateAsync(id));
        Assert.Equal("Vastgesteld", await ScalarAsync<string>("SELECT to_state FROM state_transitions WHERE application_id = @id ORDER BY id DESC", new { id }));
        Assert.Equal(1, await ScalarAsync<int>("SELECT COUNT(*) FROM audit_log WHERE application_id = @id AND action = 'VaststellingGeaccordeerd'", new { id }));
        var settlementId = await ScalarAsync<int>("SELECT id FROM settlements WHERE application_id = @id AND status = 'Goedgekeurd'", new { id });

        var mail = await App.Smtp.WaitForAsync(m => m.Subject == "Vaststelling van de uitkering SUVCO-2023-000001");
        Assert.Contains("jan.jansen@gemeente.example", mail.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("€ 17.654,33 terugbetalen, uiterlijk op 15 september 2025", mail.TextBody);
        var text = await LetterTextAsync(mail);
        Assert.Contains("SUVCO-2023-000001", text);
        Assert.Contains("college van burgemeester en wethouders", text);
        Assert.Contains("4 augustus 2025", text);                      // the letter's date
        Assert.Contains("artikel 4:46 van de Algemene wet bestuursrecht", text);
        Assert.Contains("Regeling specifieke uitkering versterking cliëntondersteuning", text);
        Assert.Contains("€ 50.000,00", text);                          // granted and paid
        Assert.Contains("€ 12.345,67", text);                          // 2023
        Assert.Contains("€ 20.000,00", text);                          // 2024, as corrected
        Assert.Contains("€ 32.345,67", text);                          // final = reported < granted
        Assert.Contains("€ 17.654,33", text);                          // to pay back
        Assert.Contains("uiterlijk op 15 september 2025 terug te betalen", text);
        Assert.Contains("uiterlijk op 15 september 2025 zijn ontvangen", text); // bezwaar: six weeks (Atw)
        Assert.Contains("bij besluit van 1 februari 2023", text);

        // Stored once, unchanged, with its SHA-256; the portal shows the same document.
        var stored = await ScalarAsync<(byte[] Content, string Sha256)>(
            "SELECT content, sha256 FROM documents WHERE application_id = @id AND kind = @kind", new { id, kind = SettlementLetter.Kind(settlementId) });
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stored.Content)), stored.Sha256.ToLowerInvariant());
        var tekenbevoegde = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        var details = await tekenbevoegde.GetAsync($"/aanvragen/{id}");
        Assert.Contains("terug te betalen € 17.654,33 uiterlijk op 15 september 2025", details.Text("[data-testid=settlement-letters]"));
        var link = details.Html.QuerySelector("[data-testid=settlement-letters] a")!.GetAttribute("href")!;
        Assert.Equal(stored.Content, await tekenbevoegde.Http.GetByteArrayAsync(link));
        var otherGemeente = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Goes);
        Assert.Equal(HttpStatusCode.NotFound, (await otherGemeente.Http.GetAsync(link)).StatusCode);

        // Settled: no more corrections.
        var late = await Record(reviewer, id, "2024", "1,00");
        Assert.Contains(SettlementCase.NotGranted, late.ErrorSummary);
    }

    [Theory]
    [InlineData("١٢٣")]
    [InlineData("１２．３４５")]
    public async Task AmountInOtherDigits_IsRefusedAtTheField_NothingRecorded(string amount)
    {
        var id = await GrantedApplicationAsync();
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);

        var page = await Record(reviewer, id, "2023", amount);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(SettlementRules.AmountFormat, page.FieldError("Amount"));
        Assert.Equal(0, await ScalarAsync<int>("SELECT COUNT(*) FROM spending_reports WHERE application_id = @id", new { id }));
    }

    [Fact]
    public async Task SpentMoreThanGranted_FinalIsGranted_NothingToPayBack()
    {
        var id = await GrantedApplicationAsync();
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await Record(reviewer, id, "2023", "30.000");
        await Record(reviewer, id, "2024", "€ 25.000,50");
        await Prepare(reviewer, id);
        var approver = await Data.SignedInAsync(Roles.Accordeerder);
        Assert.Equal(HttpStatusCode.Redirect, (await Approve(approver, id)).Status);

        var text = await LetterTextAsync(await App.Smtp.WaitForAsync(m => m.Subject.StartsWith("Vaststelling van de uitkering", StringComparison.Ordinal)));
        Assert.Contains("€ 55.000,50", text);
        Assert.Contains("U hoeft niets terug te betalen", text);
        Assert.DoesNotContain("Terug te betalen", text);
        Assert.Equal((5_000_000L, 0L), await ScalarAsync<(long, long)>("SELECT final_cents, payback_cents FROM settlements WHERE application_id = @id", new { id }));
    }

    [Theory]
    [InlineData("", "1.000", "Year", "Vul het jaar in waarover de gemeente de besteding heeft verantwoord.")]
    [InlineData("2020", "1.000", "Year", "Het jaar moet in de periode van de activiteiten liggen: 2021 tot en met 2024.")]
    [InlineData("twintig", "1.000", "Year", "Vul het jaar in met vier cijfers, bijvoorbeeld 2023.")]
    [InlineData("2023", "", "Amount", "Vul het bestede bedrag in euro's in.")]
    [InlineData("2023", "12,345.67", "Amount", SettlementRules.AmountFormat)]
    [InlineData("2023", "-5", "Amount", "Het bestede bedrag kan niet negatief zijn. Vul 0 in als er niets is besteed.")]
    public async Task RecordSpending_BadInput_DutchMessageAtTheField_AndNothingStored(string year, string amount, string field, string message)
    {
        var id = await GrantedApplicationAsync();
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);

        var page = await Record(reviewer, id, year, amount);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(message, page.FieldError(field));
        Assert.Contains(message, page.ErrorSummary);
        Assert.Equal(amount, page.Value("Amount")); // what was typed comes back
        Assert.Equal(0, await ScalarAsync<int>("SELECT COUNT(*) FROM spending_reports"));
    }

    [Fact]
    public async Task Settlement_OfAnApplicationNotGranted_SaysSo_AndRecordingRefused()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);

        var page = await reviewer.GetAsync(Page(id));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("niet verleend", page.Text("[data-testid=not-granted]"));
        Assert.Null(page.Html.QuerySelector("[data-testid=record]"));
        Assert.Null((await reviewer.GetAsync($"/behandeling/{id}")).Html.QuerySelector("[data-testid=settlement-link]"));
        var post = await reviewer.PostAsync($"{Page(id)}/besteding", [new("Year", "2023"), new("Amount", "1.000")], tokenFrom: $"/behandeling/{id}");
        Assert.Contains(SettlementCase.NotGranted, post.ErrorSummary);
        Assert.Equal(0, await ScalarAsync<int>("SELECT COUNT(*) FROM spending_reports"));
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync("/behandeling/999999/vaststelling")).Status);
    }

    [Fact]
    public async Task Prepare_BeforeEveryYearIsRecorded_IsRefused()
    {
        var id = await GrantedApplicationAsync();
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await Record(reviewer, id, "2023", "10.000");

        var page = await Prepare(reviewer, id);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Leg eerst de besteding over 2024 vast: de vaststelling rekent met de verantwoording van alle jaren.", page.ErrorSummary);
        Assert.Equal(0, await ScalarAsync<int>("SELECT COUNT(*) FROM settlements"));
    }

    [Fact]
    public async Task OwnSettlement_ApprovalAndReturnRefused_InTheUiAndByACraftedPost()
    {
        var id = await GrantedApplicationAsync();
        var accordeerder = await Data.SignedInAsync(Roles.Accordeerder);
        await Record(accordeerder, id, "2023", "10.000");
        await Record(accordeerder, id, "2024", "10.000");
        Assert.Equal(HttpStatusCode.Redirect, (await Prepare(accordeerder, id)).Status);

        var page = await accordeerder.GetAsync(Page(id));
        Assert.Null(page.Html.QuerySelector("form[action$='/vaststelling/accorderen']"));
        Assert.Null(page.Html.QuerySelector("form[action$='/vaststelling/terugsturen']"));
        Assert.Contains("U hebt deze vaststelling voorbereid", page.Text("[data-testid=four-eyes]"));

        var otherId = await ScalarAsync<int>("SELECT id FROM users WHERE email = @email", new { email = await Data.UserAsync(Roles.Accordeerder) });
        var crafted = await Approve(accordeerder, id, new("PreparedBy", otherId.ToString()), new("preparedByUserId", otherId.ToString()), new("userId", otherId.ToString()));
        Assert.Contains(FourEyes.OwnDecision, crafted.ErrorSummary);
        var returned = await Return(accordeerder, id, "Zelf terugsturen");
        Assert.Contains(FourEyes.OwnDecision, returned.ErrorSummary);
        Assert.Equal("Verleend", await StateAsync(id));
        Assert.Equal("TerAccordering", await ScalarAsync<string>("SELECT status FROM settlements WHERE application_id = @id", new { id }));

        var behandelaar = await Data.SignedInAsync(Roles.Behandelaar);
        var token = await behandelaar.TokenAsync(Page(id));
        var forbidden = await behandelaar.Http.PostAsync($"{Page(id)}/accorderen", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal("/geen-toegang", AppClient.RedirectPathOf(forbidden));
        Assert.Equal("Verleend", await StateAsync(id));
    }

    [Fact]
    public async Task Return_GoesBackToThePreparer_CorrectionThenAllowed_AndNewPreparationApproved()
    {
        var id = await GrantedApplicationAsync();
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await Record(reviewer, id, "2023", "10.000");
        await Record(reviewer, id, "2024", "10.000");
        await Prepare(reviewer, id);

        var whilePending = await Record(reviewer, id, "2024", "12.000");
        Assert.Contains(RecordSpending.PendingRefusal, whilePending.ErrorSummary);
        Assert.Null(whilePending.Html.QuerySelector("[data-testid=prepare]"));
        var again = await Prepare(reviewer, id);
        Assert.Contains("Er ligt al een vaststelling ter accordering.", again.ErrorSummary);

        var approver = await Data.SignedInAsync(Roles.Accordeerder);
        var noRemark = await Return(approver, id, " ");
        Assert.Equal("Schrijf op wat de voorbereider moet aanpassen.", noRemark.FieldError("Remark"));
        Assert.Equal(HttpStatusCode.Redirect, (await Return(approver, id, "De SiSa-opgave over 2024 is 12.000 euro.")).Status);
        var page = await reviewer.GetAsync(Page(id));
        Assert.Contains("De SiSa-opgave over 2024 is 12.000 euro.", page.Text("[data-testid=returned]"));
        Assert.Equal(1, await ScalarAsync<int>("SELECT COUNT(*) FROM audit_log WHERE application_id = @id AND action = 'VaststellingTeruggestuurd'", new { id }));

        Assert.Equal(HttpStatusCode.Redirect, (await Record(reviewer, id, "2024", "12.000")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await Prepare(reviewer, id)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await Approve(approver, id)).Status);
        Assert.Equal((2_200_000L, 2_800_000L, "Goedgekeurd"), await ScalarAsync<(long, long, string)>(
            "SELECT final_cents, payback_cents, status FROM settlements WHERE application_id = @id ORDER BY id DESC", new { id }));

        var twice = await Approve(approver, id);
        Assert.Contains("Er ligt geen vaststelling ter accordering.", twice.ErrorSummary);
    }

    [Fact]
    public async Task ApproveOrReturn_WithNothingPending_IsRefused()
    {
        var id = await GrantedApplicationAsync();
        var approver = await Data.SignedInAsync(Roles.Accordeerder);

        Assert.Contains("Er ligt geen vaststelling ter accordering.", (await Approve(approver, id)).ErrorSummary);
        Assert.Contains("Er ligt geen vaststelling ter accordering.", (await Return(approver, id, "Waarom?")).ErrorSummary);
        Assert.Equal("Verleend", await StateAsync(id));
    }
}
