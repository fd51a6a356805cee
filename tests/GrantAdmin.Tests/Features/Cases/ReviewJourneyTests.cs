using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Cases;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace GrantAdmin.Tests.Features.Cases;

/// <summary>The reviewer's work through the real pipeline: queue, take, judge, aanvulverzoek, supplement, term expiry.</summary>
public sealed class ReviewJourneyTests(TestApp app) : AppTest(app)
{
    private sealed record CaseRow(string State, DateTime? RankingMomentUtc, DateTime? LatestReceiptUtc, DateTime ReceivedAtUtc, int? RankingPosition,
        bool PositionProvisional, string? Allocation, long ReservedCents, DateOnly? DecisionDueOn, int? AssignedToUserId);

    private async Task<CaseRow> RowAsync(int id)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<CaseRow>("""
            SELECT state, ranking_moment_utc AS RankingMomentUtc, latest_receipt_utc AS LatestReceiptUtc, received_at_utc AS ReceivedAtUtc,
                   ranking_position AS RankingPosition, position_provisional AS PositionProvisional, allocation, reserved_cents AS ReservedCents,
                   decision_due_on AS DecisionDueOn, assigned_to_user_id AS AssignedToUserId
            FROM applications WHERE id = @id
            """, new { id });
    }

    private async Task<(AppClient Gemeente, int Id)> SubmittedAsync(string code)
    {
        var (client, id) = await Data.CompleteDraftAsync(code);
        await TestData.SubmitAsync(client, id);
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        return (client, id);
    }

    private static List<KeyValuePair<string, string>> Judgement(bool complete, string? explanation = null, string? termDays = null, params string[] missing)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var codes = GrantAdmin.Web.Features.ReferenceData.ReferenceDataLoader.DefaultChecklist.Select(c => c.Code).ToList();
        for (var i = 0; i < codes.Count; i++)
        {
            fields.Add(new($"Items[{i}].Code", codes[i]));
            var isMissing = !complete && missing.Contains(codes[i]);
            if (!isMissing) fields.Add(new($"Items[{i}].Complete", "true"));
            else fields.Add(new($"Items[{i}].Remark", $"{codes[i]} ontbreekt"));
        }
        if (explanation is not null) fields.Add(new("Explanation", explanation));
        if (termDays is not null) fields.Add(new("TermDays", termDays));
        return fields;
    }

    private static Task<AppClient.Page> Take(AppClient reviewer, int id) => reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}");

    [Fact]
    public async Task RepeatedChecklistItem_IsRefusedAtThatItem_NothingJudged()
    {
        var (_, id) = await SubmittedAsync(TestData.Utrecht);
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await Take(reviewer, id);
        var fields = Judgement(complete: true);
        var next = fields.Count(f => f.Key.EndsWith(".Code", StringComparison.Ordinal));
        fields.Add(new($"Items[{next}].Code", fields[0].Value)); // the first item again, answered "missing"
        fields.Add(new($"Items[{next}].Remark", "toch niet"));

        var page = await reviewer.PostAsync($"/behandeling/{id}/beoordelen", fields, tokenFrom: $"/behandeling/{id}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(page.ErrorSummary, e => e.Contains("is meer dan eens beoordeeld", StringComparison.Ordinal));
        Assert.Equal("InBehandeling", (await RowAsync(id)).State);
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM judgements WHERE application_id = @id", new { id }));
    }

    [Fact]
    public async Task Queue_ListsApplicationsInRankingOrder_WithFiltersAndSearch()
    {
        var (_, utrecht) = await SubmittedAsync(TestData.Utrecht);
        var (_, goes) = await SubmittedAsync(TestData.Goes);
        var (_, groningen) = await SubmittedAsync(TestData.Groningen);
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);

        var queue = await reviewer.GetAsync("/behandeling?ronde=2023");
        var rows = queue.Html.QuerySelectorAll("[data-testid=queue] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(3, rows.Count);
        var places = queue.Html.QuerySelectorAll("[data-testid=queue] tbody tr").Select(r => r.Children[0].TextContent.Trim()).ToList();
        Assert.Equal(["1", "2 (voorlopig)", "3 (voorlopig)"], places); // nothing is ahead of the first: its place is final
        Assert.Contains("SUVCO-2023-000001", rows[0]);
        Assert.Contains("Utrecht", rows[0]);
        Assert.Contains("ja", queue.Html.QuerySelectorAll("[data-testid=queue] tbody tr")[1].Children[4].TextContent); // Goes is a koploper
        Assert.Contains("56 dagen", rows[0]); // 8 weeks from 1 February 2023

        var zeeland = await reviewer.GetAsync("/behandeling?ronde=2023&provincie=Zeeland");
        Assert.Single(zeeland.Html.QuerySelectorAll("[data-testid=queue] tbody tr"));
        var search = await reviewer.GetAsync("/behandeling?ronde=2023&zoek=gron");
        Assert.Contains("Groningen", search.Text("[data-testid=queue]"));
        Assert.Single(search.Html.QuerySelectorAll("[data-testid=queue] tbody tr"));
        var wildcard = await reviewer.GetAsync("/behandeling?ronde=2023&zoek=%25");
        Assert.Empty(wildcard.Html.QuerySelectorAll("[data-testid=queue] tbody tr")); // a typed % is searched literally
        var kenmerk = await reviewer.GetAsync("/behandeling?ronde=2023&zoek=suvco-2023-000002"); // a whole kenmerk: its index, any case
        Assert.Equal("SUVCO-2023-000002", Assert.Single(kenmerk.Html.QuerySelectorAll("[data-testid=queue] tbody tr")).Children[1].TextContent.Trim());
        var part = await reviewer.GetAsync("/behandeling?ronde=2023&zoek=2023-00000");
        Assert.Equal(3, part.Html.QuerySelectorAll("[data-testid=queue] tbody tr").Length);

        await Take(reviewer, goes);
        var mine = await reviewer.GetAsync("/behandeling?ronde=2023&mijn=true");
        Assert.Equal("SUVCO-2023-000002", Assert.Single(mine.Html.QuerySelectorAll("[data-testid=queue] tbody tr")).Children[1].TextContent.Trim());
        _ = utrecht; _ = groningen;
    }

    [Fact]
    public async Task Queue_PagesByKeyset_ForwardAndBack()
    {
        var roundId = await Data.RoundIdAsync("2023");
        await using (var connection = await App.Db.OpenAsync())
        {
            // Given: 120 received applications (rows written directly; the submission itself is tested elsewhere).
            var user = await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht);
            var municipalities = (await connection.QueryAsync<int>("SELECT municipality_id FROM municipality_lists WHERE list_year = 2023 ORDER BY municipality_id")).Take(120).ToList();
            for (var i = 0; i < municipalities.Count; i++)
                await connection.ExecuteAsync("""
                    INSERT INTO applications (round_id, municipality_id, state, kenmerk, kenmerk_number, requested_cents, created_at_utc, created_by_user_id, updated_at_utc,
                        received_at_utc, received_on, latest_receipt_utc, ranking_position, position_provisional, queue_order)
                    SELECT @roundId, @municipalityId, 'Ingediend', @kenmerk, @number, 1000000, @now, u.id, @now, @now, @day, @now, @number, 1, @number
                    FROM users u WHERE u.email = @user
                    """, new { roundId, municipalityId = municipalities[i], kenmerk = $"SUVCO-2023-{i + 1:D6}", number = i + 1, now = App.Clock.GetUtcNow().UtcDateTime.AddSeconds(i), day = new DateOnly(2023, 2, 1), user });
        }
        var reviewer = await Data.SignedInAsync(Roles.Accordeerder);

        var first = await reviewer.GetAsync("/behandeling?ronde=2023");
        var second = await reviewer.GetAsync(first.Html.QuerySelector("a:contains('Volgende pagina')")?.GetAttribute("href") ?? "/behandeling?ronde=2023&na=50");
        var third = await reviewer.GetAsync("/behandeling?ronde=2023&na=100");
        var back = await reviewer.GetAsync("/behandeling?ronde=2023&voor=51");

        string[] Kenmerken(AppClient.Page p) => p.Html.QuerySelectorAll("[data-testid=queue] tbody tr").Select(r => r.Children[1].TextContent.Trim()).ToArray();
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"SUVCO-2023-{i:D6}"), Kenmerken(first));
        Assert.Equal(Enumerable.Range(51, 50).Select(i => $"SUVCO-2023-{i:D6}"), Kenmerken(second));
        Assert.Equal(Enumerable.Range(101, 20).Select(i => $"SUVCO-2023-{i:D6}"), Kenmerken(third));
        Assert.Equal(Kenmerken(first), Kenmerken(back));
        Assert.Null(third.Html.QuerySelector("a[href*='na=']"));
    }

    [Fact]
    public async Task TakeAssignHandBack_AreAuditedAndShownInTheTimeline()
    {
        var (_, id) = await SubmittedAsync(TestData.Utrecht);
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        var colleagueEmail = await Data.UserAsync(Roles.Behandelaar);

        await Take(reviewer, id);
        Assert.Equal("InBehandeling", (await RowAsync(id)).State);
        await using var connection = await App.Db.OpenAsync();
        var colleague = await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @colleagueEmail", new { colleagueEmail });
        await reviewer.PostAsync($"/behandeling/{id}/toewijzen", [new("assigneeId", colleague.ToString())], tokenFrom: $"/behandeling/{id}");
        Assert.Equal(colleague, (await RowAsync(id)).AssignedToUserId);
        await reviewer.PostAsync($"/behandeling/{id}/teruggeven", [], tokenFrom: $"/behandeling/{id}");
        Assert.Null((await RowAsync(id)).AssignedToUserId);

        var page = await reviewer.GetAsync($"/behandeling/{id}");
        var timeline = page.Text("[data-testid=timeline]");
        Assert.Contains("Aanvraag opgepakt", timeline);
        Assert.Contains("Aanvraag toegewezen", timeline);
        Assert.Contains("Aanvraag teruggegeven aan de werkvoorraad", timeline);
        Assert.Equal(3, await connection.QuerySingleAsync<int>(
            "SELECT COUNT(*) FROM audit_log WHERE application_id = @id AND action IN ('AanvraagOpgepakt', 'AanvraagToegewezen', 'AanvraagTeruggegeven')", new { id }));
    }

    [Fact]
    public async Task JudgedComplete_RanksAtReceiptMoment_NotTheClick_AndReservesTheAmount()
    {
        var (_, id) = await SubmittedAsync(TestData.Utrecht);
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await Take(reviewer, id);
        App.Clock.Advance(TimeSpan.FromHours(3));

        var judged = await reviewer.PostAsync($"/behandeling/{id}/beoordelen", Judgement(complete: true), tokenFrom: $"/behandeling/{id}");

        Assert.Equal(HttpStatusCode.Redirect, judged.Status);
        var row = await RowAsync(id);
        Assert.Equal("Volledig", row.State);
        Assert.Equal(row.ReceivedAtUtc, row.RankingMomentUtc);
        Assert.Equal((1, false, "Reserved", 5_000_000L), (row.RankingPosition!.Value, row.PositionProvisional, row.Allocation!, row.ReservedCents));
        var meter = await App.Client().GetAsync("/plafond");
        Assert.Equal("€ 50.000,00", meter.Text("[data-testid=meter-2023] [data-testid=reserved]"));
        Assert.Equal("€ 1.200.000,00", meter.Text("[data-testid=meter-2023] [data-testid=available]"));
    }

    [Fact]
    public async Task Judge_RefusedWithDutchMessages_WhenNotTaken_NoRemark_OrWrongState()
    {
        var (_, id) = await SubmittedAsync(TestData.Utrecht);
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);

        var notTaken = await reviewer.PostAsync($"/behandeling/{id}/beoordelen", Judgement(complete: true), tokenFrom: $"/behandeling/{id}");
        Assert.Contains("Pak de aanvraag eerst op: alleen de toegewezen behandelaar beoordeelt haar.", notTaken.ErrorSummary);

        await Take(reviewer, id);
        var fields = Judgement(complete: false, explanation: null, termDays: "14", "projectplan").Where(f => !f.Key.EndsWith("Remark")).ToList();
        var noRemark = await reviewer.PostAsync($"/behandeling/{id}/beoordelen", fields, tokenFrom: $"/behandeling/{id}");
        Assert.Contains("Geef bij 'Het projectplan is bijgevoegd en beschrijft de activiteiten' aan wat er ontbreekt.", noRemark.ErrorSummary);
        Assert.Contains("Leg in de brief uit wat de gemeente moet aanvullen.", noRemark.ErrorSummary);
        var badTerm = await reviewer.PostAsync($"/behandeling/{id}/beoordelen", Judgement(false, "Graag aanvullen", "0", "projectplan"), tokenFrom: $"/behandeling/{id}");
        Assert.Contains("Vul een termijn in van 1 tot en met 90 dagen.", badTerm.ErrorSummary);
        Assert.Equal("InBehandeling", (await RowAsync(id)).State);

        await reviewer.PostAsync($"/behandeling/{id}/beoordelen", Judgement(complete: true), tokenFrom: $"/behandeling/{id}");
        var again = await reviewer.PostAsync($"/behandeling/{id}/beoordelen", Judgement(complete: true), tokenFrom: $"/behandeling/{id}");
        Assert.Contains("Een aanvraag met de status 'Volledig' kan niet op volledigheid worden beoordeeld.", again.ErrorSummary);
    }

    [Fact]
    public async Task Aanvulverzoek_Supplement_RanksAtSupplementMoment_AndClockPausesAndResumes()
    {
        var (gemeente, id) = await SubmittedAsync(TestData.Utrecht);      // 1 Feb 10:00
        var (_, later) = await SubmittedAsync(TestData.Goes);              // 1 Feb 10:10
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await Take(reviewer, id);

        // Friday 3 February 2023, 15:00: a 14-day term ends on Friday 17 February.
        App.Clock.SetUtcNow(new DateTimeOffset(2023, 2, 3, 14, 0, 0, TimeSpan.Zero));
        reviewer = await Data.SignedInAsync(Roles.Behandelaar); // sessions last 8 hours: days later, people sign in again
        await using var connection = await App.Db.OpenAsync();
        await connection.ExecuteAsync("UPDATE applications SET assigned_to_user_id = (SELECT MAX(id) FROM users WHERE role = 'Behandelaar') WHERE id = @id", new { id });
        var sent = await reviewer.PostAsync($"/behandeling/{id}/beoordelen", Judgement(false, "Het projectplan noemt geen activiteiten.", "14", "projectplan"), tokenFrom: $"/behandeling/{id}");
        Assert.Equal(HttpStatusCode.Redirect, sent.Status);
        var asked = await RowAsync(id);
        Assert.Equal("AanvullingGevraagd", asked.State);
        Assert.Null(asked.DecisionDueOn);                    // the clock stands still
        Assert.Null(asked.RankingPosition);                  // out of the ranking until supplemented
        Assert.Equal(new DateOnly(2023, 2, 17), await connection.QuerySingleAsync<DateOnly>("SELECT due_on FROM completion_requests WHERE application_id = @id", new { id }));
        var queue = await reviewer.GetAsync("/behandeling?ronde=2023");
        Assert.Contains("gepauzeerd", queue.Text("[data-testid=queue]"));

        var mail = await App.Smtp.WaitForAsync(m => m.Subject == "Verzoek om aanvulling van aanvraag SUVCO-2023-000001");
        var letter = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>());
        using var pdfBytes = new MemoryStream();
        await letter.Content.DecodeToAsync(pdfBytes);
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(pdfBytes.ToArray()))
        {
            var text = string.Join("\n", pdf.GetPages().Select(p => ContentOrderTextExtractor.GetText(p)));
            Assert.Contains("Verzoek om aanvulling van uw aanvraag", text);
            Assert.Contains("17 februari 2023", text);
            Assert.Contains("projectplan ontbreekt", text);
            Assert.Contains("Het projectplan noemt geen activiteiten.", text);
        }

        // The gemeente sees the request and supplements a week later, with a new plan version.
        App.Clock.SetUtcNow(new DateTimeOffset(2023, 2, 10, 9, 30, 0, TimeSpan.Zero));
        await gemeente.LoginAsync(await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht));
        reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        var details = await gemeente.GetAsync($"/aanvragen/{id}");
        Assert.Contains("Uw aanvraag moet worden aangevuld", details.Text("[data-testid=completion-request]"));
        var form = await gemeente.GetAsync($"/aanvragen/{id}/aanvullen");
        Assert.Contains("projectplan ontbreekt", form.Text("[data-testid=request]"));
        var supplemented = await gemeente.PostMultipartAsync($"/aanvragen/{id}/aanvullen", TestData.CompleteForm(), TestData.PdfPlan("Projectplan v2.pdf"));
        Assert.Equal($"/aanvragen/{id}", supplemented.Location);

        var back = await RowAsync(id);
        Assert.Equal("InBehandeling", back.State);
        Assert.Equal(new DateTime(2023, 2, 10, 9, 30, 0), back.LatestReceiptUtc);
        // 8 weeks from 1 Feb = 29 Mar, plus the 6 suspended days (4–9 Feb; Awb 4:15(1)(a) pauses "tot", not through, the
        // day of the supplement) = 4 April 2023.
        Assert.Equal(new DateOnly(2023, 4, 4), back.DecisionDueOn);
        var receipt = await App.Smtp.WaitForAsync(m => m.Subject == "Ontvangstbevestiging aanvulling SUVCO-2023-000001");
        Assert.Contains("10 februari 2023 om 10:30:00", receipt.TextBody);
        Assert.Single(receipt.Attachments);

        // Judged complete now, it ranks at the supplement's moment: behind Goes, received on 1 February.
        await connection.ExecuteAsync("UPDATE applications SET assigned_to_user_id = (SELECT MAX(id) FROM users WHERE role = 'Behandelaar') WHERE id = @id", new { id });
        await reviewer.PostAsync($"/behandeling/{id}/beoordelen", Judgement(complete: true), tokenFrom: $"/behandeling/{id}");
        var complete = await RowAsync(id);
        Assert.Equal(new DateTime(2023, 2, 10, 9, 30, 0), complete.RankingMomentUtc);
        Assert.Equal(2, complete.RankingPosition);
        Assert.Equal(1, (await RowAsync(later)).RankingPosition);

        var check = await reviewer.GetAsync("/rondes/2023/grootboekcontrole");
        Assert.Contains("Klopt:", check.Text("[data-testid=verdict]"));
    }

    [Fact]
    public async Task TermPassedUnused_SupplementRefused_JobFlagsSetAsideWithinFourWeeks()
    {
        var (gemeente, id) = await SubmittedAsync(TestData.Utrecht);
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await Take(reviewer, id);
        await reviewer.PostAsync($"/behandeling/{id}/beoordelen", Judgement(false, "Graag het plan.", "14", "projectplan"), tokenFrom: $"/behandeling/{id}");
        await using var connection = await App.Db.OpenAsync();
        var due = await connection.QuerySingleAsync<DateOnly>("SELECT due_on FROM completion_requests WHERE application_id = @id", new { id });
        Assert.Equal(new DateOnly(2023, 2, 15), due); // sent Wednesday 1 Feb, + 14 days

        // Thursday 16 February, 00:00:01 Amsterdam: the term has ended.
        App.Clock.SetUtcNow(new DateTimeOffset(2023, 2, 15, 23, 0, 1, TimeSpan.Zero));
        var tekenbevoegde = App.Client();
        await tekenbevoegde.LoginAsync(await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht));
        var late = await tekenbevoegde.PostMultipartAsync($"/aanvragen/{id}/aanvullen", TestData.CompleteForm(), null);
        Assert.Contains("De termijn voor aanvulling is verstreken: aanvullen kon tot en met 15 februari 2023.", late.ErrorSummary);

        var job = App.Services.CreateScope().ServiceProvider.GetRequiredService<ExpireCompletionTermsJob>();
        Assert.Equal(1, await job.ExecuteAsync(CancellationToken.None));
        Assert.Equal(0, await job.ExecuteAsync(CancellationToken.None)); // once only

        Assert.Equal("BuitenBehandeling", (await RowAsync(id)).State);
        Assert.Equal(new DateOnly(2023, 3, 15), await connection.QuerySingleAsync<DateOnly>("SELECT set_aside_due_on FROM completion_requests WHERE application_id = @id", new { id }));
        var page = await (await Data.SignedInAsync(Roles.Behandelaar)).GetAsync($"/behandeling/{id}"); // a fresh session: two weeks passed
        Assert.Contains("besluit buiten behandeling uiterlijk 15 maart 2023", page.Text("[data-testid=requests]"));
        _ = gemeente;
    }

    [Fact]
    public async Task Supplement_OnlyByTekenbevoegde_AndOnlyWhenRequested()
    {
        var (gemeente, id) = await SubmittedAsync(TestData.Utrecht);
        var notRequested = await gemeente.GetAsync($"/aanvragen/{id}/aanvullen");
        Assert.Equal($"/aanvragen/{id}", notRequested.Location);

        var invuller = await Data.SignedInAsync(Roles.Invuller, TestData.Utrecht);
        var refused = await invuller.Http.GetAsync($"/aanvragen/{id}/aanvullen");
        Assert.StartsWith("https://localhost/geen-toegang", refused.Headers.Location!.ToString());
    }
}
