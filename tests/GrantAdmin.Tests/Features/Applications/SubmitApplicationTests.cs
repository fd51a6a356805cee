using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Mail;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace GrantAdmin.Tests.Features.Applications;

public sealed class SubmitApplicationTests(TestApp app) : AppTest(app)
{
    private sealed record Stored(string State, string? Kenmerk, DateTime? ReceivedAtUtc, DateOnly? ReceivedOn);

    private async Task<Stored> StoredAsync(int id)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<Stored>(
            "SELECT state, kenmerk, received_at_utc AS ReceivedAtUtc, received_on AS ReceivedOn FROM applications WHERE id = @id", new { id });
    }

    [Fact]
    public async Task CompleteDraft_Submitted_ReceiptPageMailAndPdfAgree()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        App.Clock.SetUtcNow(new DateTimeOffset(2023, 2, 1, 9, 15, 30, TimeSpan.Zero).AddTicks(1234567));

        var submitted = await TestData.SubmitAsync(client, id);

        Assert.Equal($"/aanvragen/{id}/ontvangstbevestiging", submitted.Location);
        var receipt = await client.GetAsync(submitted.Location!);
        Assert.Equal("SUVCO-2023-000001", receipt.Text("[data-testid=kenmerk]"));
        Assert.Equal("1 februari 2023 om 10:15:30 (Nederlandse tijd)", receipt.Text("[data-testid=received-at]"));
        // What happens next is on the page itself, with the last day of the decision term as stored at receipt.
        await using (var db = await App.Db.OpenAsync())
            Assert.Equal(GrantAdmin.Web.Infrastructure.Amsterdam.FormatDate(await db.QuerySingleAsync<DateOnly>("SELECT decision_due_on FROM applications WHERE id = @id", new { id })),
                receipt.Text("[data-testid=next-steps] [data-testid=decision-due]"));
        Assert.Contains("verzoek om aanvulling", receipt.Text("[data-testid=next-steps]"));

        var stored = await StoredAsync(id);
        Assert.Equal("Ingediend", stored.State);
        Assert.Equal(new DateTime(2023, 2, 1, 9, 15, 30).AddTicks(1234560), stored.ReceivedAtUtc); // to the microsecond
        Assert.Equal(new DateOnly(2023, 2, 1), stored.ReceivedOn);

        await using (var connection = await App.Db.OpenAsync())
        {
            Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE action = 'AanvraagIngediend' AND application_id = @id AND details = 'SUVCO-2023-000001'", new { id }));
            Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM ranking_ledger WHERE event = 'Ontvangen' AND application_id = @id AND amount_cents = 5000000", new { id }));
            Assert.Equal(["Concept", "Ingediend"], await connection.QueryAsync<string>("SELECT to_state FROM state_transitions WHERE application_id = @id ORDER BY id", new { id }));
        }

        var mail = await App.Smtp.WaitForAsync(m => m.Subject == "Ontvangstbevestiging aanvraag SUVCO-2023-000001");
        Assert.Contains("jan.jansen@gemeente.example", mail.To.Mailboxes.Select(m => m.Address));
        Assert.Contains(mail.To.Mailboxes, m => m.Address.StartsWith("tekenbevoegde.gm0344", StringComparison.Ordinal));
        Assert.Contains("1 februari 2023 om 10:15:30", mail.TextBody);
        var attachment = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal("ontvangstbevestiging-SUVCO-2023-000001.pdf", attachment.FileName);
        using var pdfBytes = new MemoryStream();
        await attachment.Content.DecodeToAsync(pdfBytes);

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(pdfBytes.ToArray());
        var text = string.Join("\n", pdf.GetPages().Select(p => ContentOrderTextExtractor.GetText(p)));
        Assert.Contains("SUVCO-2023-000001", text);
        Assert.Contains("1 februari 2023 om 10:15:30", text);
        Assert.Contains("Utrecht", text);
        Assert.Contains(PlanFiles.Sha256(TestData.PdfPlan().Content), text);
        Assert.Contains("Projectplan.pdf", text);
        Assert.True(pdf.Structure.Catalog.CatalogDictionary.ContainsKey(UglyToad.PdfPig.Tokens.NameToken.Create("StructTreeRoot")), "the receipt is a tagged PDF");

        // The portal offers the very same stored document.
        var download = await client.Http.GetAsync($"/aanvragen/{id}/ontvangstbevestiging.pdf");
        Assert.Equal(pdfBytes.ToArray(), await download.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("2023-04-28T21:59:59.999999Z", true)]  // 23:59:59.999999 on the closing day, summer time
    [InlineData("2023-04-28T22:00:00Z", false)]        // 00:00:00 on 29 April
    public async Task ClosingEdge_SubmissionAcceptedOnlyUntilEndOfClosingDay(string instant, bool accepted)
    {
        App.Clock.SetUtcNow(new DateTimeOffset(2023, 4, 28, 21, 0, 0, TimeSpan.Zero));
        var (client, id) = await Data.CompleteDraftAsync(TestData.Goes);
        App.Clock.SetUtcNow(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));

        var page = await TestData.SubmitAsync(client, id);

        if (accepted)
        {
            Assert.Equal(HttpStatusCode.Redirect, page.Status);
            Assert.Equal(new DateOnly(2023, 4, 28), (await StoredAsync(id)).ReceivedOn);
        }
        else
        {
            Assert.Contains("Tijdvak 2023 is gesloten. Indienen kon tot en met 28 april 2023 om 23:59:59 uur.", page.ErrorSummary);
            Assert.Equal(new Stored("Concept", null, null, null), await StoredAsync(id));
        }
    }

    [Fact]
    public async Task BeforeOpening_DraftCannotBeStarted()
    {
        App.Clock.SetUtcNow(new DateTimeOffset(2022, 12, 31, 22, 59, 59, TimeSpan.Zero)); // 23:59:59 on 31 Dec, Amsterdam
        var client = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht);

        var page = await client.PostAsync("/aanvragen/starten", [new("roundId", (await Data.RoundIdAsync("2023")).ToString())], tokenFrom: "/aanvragen");

        Assert.Contains("Deze ronde is niet open. U kunt alleen een aanvraag starten in een open ronde.", page.ErrorSummary);
    }

    [Fact]
    public async Task IncompleteDraft_RefusedWithEveryMissingPart_AndNoKenmerkUsed()
    {
        var client = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        var id = await TestData.StartDraftAsync(client, await Data.RoundIdAsync("2023"));

        var page = await TestData.SubmitAsync(client, id);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Vul het telefoonnummer van de contactpersoon in.", page.ErrorSummary);
        Assert.Contains("Voeg het projectplan toe (PDF, DOCX of ODT).", page.ErrorSummary);
        Assert.Contains("Vul het IBAN van de gemeente in.", page.ErrorSummary);
        Assert.Equal("Concept", (await StoredAsync(id)).State);

        // The refused attempt consumed no number: the next submission in the round still gets 000001.
        var (other, otherId) = await Data.CompleteDraftAsync(TestData.Groningen);
        await TestData.SubmitAsync(other, otherId);
        Assert.Equal("SUVCO-2023-000001", (await StoredAsync(otherId)).Kenmerk);
    }

    [Fact]
    public async Task Invuller_CannotSubmit()
    {
        var client = await Data.SignedInAsync(Roles.Invuller, TestData.Utrecht);
        var id = await TestData.StartDraftAsync(client, await Data.RoundIdAsync("2023"));
        await TestData.SaveAsync(client, id, TestData.CompleteForm(), TestData.PdfPlan());

        var review = await client.GetAsync($"/aanvragen/{id}/indienen");
        Assert.Contains("Alleen een tekenbevoegde van uw gemeente kan deze aanvraag indienen.", review.Html.Body!.TextContent);
        var token = await client.TokenAsync($"/aanvragen/{id}/indienen");
        var post = await client.Http.PostAsync($"/aanvragen/{id}/indienen", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("https://localhost/geen-toegang", post.Headers.Location!.ToString());
        Assert.Equal("Concept", (await StoredAsync(id)).State);
    }

    [Fact]
    public async Task SecondSubmission_AnswersWithTheFirstReceipt_AndSubmitsNothingNew()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(client, id);
        var first = await StoredAsync(id);

        // The gemeente presses indienen again, say because the first response never reached it.
        var token = await client.TokenAsync($"/aanvragen/{id}/ontvangstbevestiging");
        var again = await client.Http.PostAsync($"/aanvragen/{id}/indienen", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal($"/aanvragen/{id}/ontvangstbevestiging", again.Headers.Location!.ToString());
        var receipt = await client.GetAsync($"/aanvragen/{id}/ontvangstbevestiging");
        Assert.Contains($"Deze aanvraag was al ingediend op {Amsterdam.Format(first.ReceivedAtUtc!.Value)} met kenmerk SUVCO-2023-000001.", receipt.Html.Body!.TextContent);
        Assert.Contains("SUVCO-2023-000001", receipt.Html.Body!.TextContent);
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT last_kenmerk_number FROM rounds WHERE code = '2023'"));
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM ranking_ledger"));
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM outbox_messages"));
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM state_transitions WHERE to_state = 'Ingediend'"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EarlierGrant_RefusedOnlyWhenRoundSaysOneGrantPerGemeente(bool oneGrantPerApplicant)
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await using (var connection = await App.Db.OpenAsync())
        {
            // Given: Utrecht was granted the uitkering in 2022 (decisions are made by the grants office).
            var earlier = await connection.QuerySingleAsync<int>("""
                INSERT INTO applications (round_id, municipality_id, state, created_at_utc, created_by_user_id, updated_at_utc)
                SELECT r.id, a.municipality_id, 'Verleend', a.created_at_utc, a.created_by_user_id, a.updated_at_utc
                FROM applications a, rounds r WHERE a.id = @id AND r.code = '2022';
                SELECT MAX(id) FROM applications;
                """, new { id });
            await connection.ExecuteAsync("UPDATE rounds SET one_grant_per_applicant = @oneGrantPerApplicant WHERE code = '2023'", new { oneGrantPerApplicant });
        }

        var page = await TestData.SubmitAsync(client, id);

        if (oneGrantPerApplicant)
            Assert.Contains("Uw gemeente heeft de uitkering al ontvangen in Tijdvak 2022. De uitkering is eenmalig; een nieuwe aanvraag is niet mogelijk.", page.ErrorSummary);
        else
            Assert.Equal(HttpStatusCode.Redirect, page.Status);
    }

    [Fact]
    public async Task OtherGemeente_GetsNotFoundForEverything()
    {
        var (id, planId) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        var stranger = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Groningen);

        foreach (var url in new[] { $"/aanvragen/{id}", $"/aanvragen/{id}/bewerken", $"/aanvragen/{id}/indienen", $"/aanvragen/{id}/ontvangstbevestiging",
                     $"/aanvragen/{id}/ontvangstbevestiging.pdf", $"/aanvragen/{id}/projectplan/{planId}", $"/aanvragen/{id}/intrekken" })
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync(url)).StatusCode);
        var withdraw = await stranger.PostAsync($"/aanvragen/{id}/intrekken", [new("Reason", "x")], tokenFrom: "/aanvragen");
        Assert.Equal(HttpStatusCode.NotFound, withdraw.Status);
    }

    [Fact]
    public async Task GrantsOffice_CanDownloadPlan_ProgrammeManagerCannot()
    {
        var (id, planId) = await Data.SubmittedApplicationAsync(TestData.Utrecht);

        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        var plan = await reviewer.Http.GetAsync($"/aanvragen/{id}/projectplan/{planId}");
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        Assert.Equal(TestData.PdfPlan().Content, await plan.Content.ReadAsByteArrayAsync());

        var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var refused = await manager.Http.GetAsync($"/aanvragen/{id}/projectplan/{planId}");
        Assert.StartsWith("https://localhost/geen-toegang", refused.Headers.Location!.ToString());
    }

    [Fact]
    public async Task MailServerDown_SubmissionStands_AndMailIsSentOnceWhenItReturns()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await App.Smtp.StopAsync();
        try
        {
            var page = await TestData.SubmitAsync(client, id);
            Assert.Equal(HttpStatusCode.Redirect, page.Status);
            Assert.Equal("Ingediend", (await StoredAsync(id)).State);

            // The dispatcher tries at once, fails, and leaves the mail pending with its error for a later attempt.
            await using var connection = await App.Db.OpenAsync();
            var sql = "SELECT status FROM outbox_messages WHERE application_id = @id";
            var lastErrorSql = "SELECT last_error FROM outbox_messages WHERE application_id = @id";
            // The attempt renders the receipt PDF (a cold Chromium can take seconds) before it finds the server
            // gone: wait for the attempt's own bookkeeping rather than for a fixed time.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await connection.QuerySingleAsync<string?>(lastErrorSql, new { id }) is null && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            Assert.Equal("Pending", await connection.QuerySingleAsync<string>(sql, new { id }));
            Assert.NotNull(await connection.QuerySingleAsync<string?>(lastErrorSql, new { id }));
            Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT attempts FROM outbox_messages WHERE application_id = @id", new { id }));
        }
        finally
        {
            await App.Smtp.StartAsync();
        }

        App.Clock.Advance(TimeSpan.FromMinutes(5)); // past the back-off
        using var scope = App.Services.CreateScope();
        var dispatcher = scope.ServiceProvider.GetRequiredService<OutboxDispatcher>();
        await dispatcher.SweepAsync(CancellationToken.None);
        await dispatcher.SweepAsync(CancellationToken.None);

        await App.Smtp.WaitForAsync(m => m.Subject == "Ontvangstbevestiging aanvraag SUVCO-2023-000001");
        Assert.Single(App.Smtp.Messages(), m => m.Subject == "Ontvangstbevestiging aanvraag SUVCO-2023-000001");
    }

    [Fact]
    public async Task Withdraw_NeedsReason_ThenRecordsStateTimelineAndAudit()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(client, id);

        var empty = await client.PostAsync($"/aanvragen/{id}/intrekken", [new("Reason", " ")]);
        Assert.Equal("Vul de reden van de intrekking in.", empty.FieldError("Reason"));
        Assert.Equal("Ingediend", (await StoredAsync(id)).State);

        var done = await client.PostAsync($"/aanvragen/{id}/intrekken", [new("Reason", "Raad heeft eigen budget vrijgemaakt")]);
        Assert.Equal($"/aanvragen/{id}", done.Location);
        var details = await client.GetAsync($"/aanvragen/{id}");
        Assert.Equal("Ingetrokken", details.Text("[data-testid=state]"));
        Assert.Contains("Raad heeft eigen budget vrijgemaakt", details.Text("[data-testid=timeline]"));
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM audit_log WHERE action = 'AanvraagIngetrokken' AND application_id = @id", new { id }));
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM ranking_ledger WHERE event = 'Ingetrokken' AND application_id = @id", new { id }));

        var again = await client.GetAsync($"/aanvragen/{id}/intrekken");
        var refused = await client.PostAsync($"/aanvragen/{id}/intrekken", [new("Reason", "nogmaals")]);
        Assert.Contains("Een aanvraag met de status 'Ingetrokken' kan niet meer worden ingetrokken.", refused.ErrorSummary);
    }

    [Fact]
    public async Task ReceiptPage_OfAnApplicationWithoutItsPlan_IsNotFound_NeverAnError()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        await using (var connection = await App.Db.OpenAsync())
            await connection.ExecuteAsync("UPDATE applications SET current_plan_id = NULL WHERE id = @id", new { id });
        using var owner = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht);

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/aanvragen/{id}/ontvangstbevestiging")).Status);
    }
}
