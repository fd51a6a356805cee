using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Decisions;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Tests.Features.Decisions;

/// <summary>
/// Verzendrondes: the letters of approved decisions sent by a background job, one decision at a time, each exactly
/// once (atomic claims in the database, the sending date set once with the letter and its mail), a failing letter
/// retried with back-off while the others go on, and the progress page.
/// </summary>
public sealed class SendDecisionLettersTests(TestApp app) : AppTest(app)
{
    private DecisionSteps Steps => new(App);

    /// <summary>A verlening prepared and approved with "later verzenden": approved, its letter waiting. Returns application and decision.</summary>
    private async Task<(int Id, int DecisionId)> ApprovedUnsentAsync(string code, AppClient approver)
    {
        var (reviewer, id) = await Steps.JudgedAsync(code);
        Assert.Equal(HttpStatusCode.Redirect, (await DecisionSteps.Prepare(reviewer, id, nameof(DecisionKind.Verlening))).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await DecisionSteps.Approve(approver, id, new KeyValuePair<string, string>("SendLater", "true"))).Status);
        await using var connection = await App.Db.OpenAsync();
        return (id, await connection.QuerySingleAsync<int>("SELECT id FROM decisions WHERE application_id = @id AND status = 'Goedgekeurd'", new { id }));
    }

    private async Task<List<(int Id, int DecisionId)>> ThreeApprovedUnsentAsync()
    {
        var approver = await Data.SignedInAsync(Roles.Accordeerder);
        return [await ApprovedUnsentAsync(TestData.Utrecht, approver), await ApprovedUnsentAsync(TestData.Goes, approver),
            await ApprovedUnsentAsync(TestData.Groningen, approver)];
    }

    /// <summary>A dispatch written as the office's run writes it, without enqueueing its job: the test runs the job itself.</summary>
    private async Task<int> DispatchAsync(IEnumerable<int> decisionIds)
    {
        await using var connection = await App.Db.OpenAsync();
        var userId = await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @email", new { email = await Data.UserAsync(Roles.Behandelaar) });
        return (await App.Db.WriteAsync(w => DecisionDispatch.CreateAsync(w, userId, DecisionDispatch.FromOffice, decisionIds,
            App.Clock.GetUtcNow().UtcDateTime, CancellationToken.None))).DispatchId;
    }

    private async Task RunJobAsync(int dispatchId)
    {
        using var scope = App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<SendDecisionLettersJob>().ExecuteAsync(dispatchId, CancellationToken.None);
    }

    private sealed record ItemRow(int DecisionId, string Status, int Attempts, string? LastError, DateTime NextAttemptAtUtc);

    private async Task<List<ItemRow>> ItemsAsync(int dispatchId)
    {
        await using var connection = await App.Db.OpenAsync();
        return (await connection.QueryAsync<ItemRow>("""
            SELECT decision_id AS DecisionId, status, attempts, last_error AS LastError, next_attempt_at_utc AS NextAttemptAtUtc
            FROM decision_dispatch_items WHERE dispatch_id = @dispatchId ORDER BY decision_id
            """, new { dispatchId })).ToList();
    }

    /// <summary>Waits until the run's job (enqueued by the page) has worked every item once and, with nothing left to do, finished the run.</summary>
    private async Task<List<ItemRow>> WorkedAsync(int dispatchId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var items = await ItemsAsync(dispatchId);
            var finished = await CountAsync("SELECT COUNT(*) FROM decision_dispatches WHERE id = @dispatchId AND finished_at_utc IS NOT NULL", new { dispatchId }) == 1;
            if (items.All(i => i.Status != "Pending") ? finished : items.All(i => i.Status != "Pending" || i.LastError is not null)) return items;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The verzendronde did not get through its letters.");
            await Task.Delay(50);
        }
    }

    private async Task<int> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>(sql, parameters);
    }

    [Fact]
    public async Task Run_SendsEveryWaitingLetterOnce_StoredWithItsHash_DatedTheDaySent_AndAudited()
    {
        var decided = await ThreeApprovedUnsentAsync();
        Assert.Empty(App.Smtp.Messages().Where(m => m.Subject.StartsWith("Besluit op aanvraag", StringComparison.Ordinal)));
        var gemeente = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        Assert.Null((await gemeente.GetAsync($"/aanvragen/{decided[0].Id}")).Html.QuerySelector("[data-testid=decision-letters]"));
        Assert.Equal(HttpStatusCode.NotFound, (await gemeente.Http.GetAsync($"/aanvragen/{decided[0].Id}/brieven/{DecisionLetter.Kind(decided[0].DecisionId)}")).StatusCode);

        var office = await Data.SignedInAsync(Roles.Behandelaar);
        var page = await office.GetAsync("/behandeling/verzenden");
        Assert.Equal(3, page.Html.QuerySelectorAll("[data-testid=waiting] tbody tr").Length);
        var nothingChosen = await office.PostAsync("/behandeling/verzenden", [new("Scope", SendLetters.Selection)]);
        Assert.Equal("Kies ten minste één besluit om te verzenden.", nothingChosen.FieldError("DecisionIds"));

        App.Clock.SetUtcNow(new DateTimeOffset(2023, 4, 3, 8, 0, 0, TimeSpan.Zero)); // Monday 3 April 2023, 10:00 in Amsterdam
        office = await Data.SignedInAsync(Roles.Behandelaar);
        var started = await office.PostAsync("/behandeling/verzenden", [new("Scope", SendLetters.All)]);
        Assert.Equal(HttpStatusCode.Redirect, started.Status);
        var dispatchId = int.Parse(started.RedirectPath!.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(await WorkedAsync(dispatchId), i => Assert.Equal(("Sent", 1), (i.Status, i.Attempts)));
        gemeente = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht); // the clock moved past the earlier session

        var progress = await office.GetAsync($"/behandeling/verzenden/{dispatchId}");
        Assert.Equal(("3", "0", "0"), (progress.Text("[data-testid=sent]"), progress.Text("[data-testid=todo]"), progress.Text("[data-testid=failed]")));
        Assert.Contains("Klaar: 3 verzonden, 0 te doen, 0 mislukt van 3.", progress.Text("[data-testid=progress-summary]"));
        Assert.Null(progress.Html.QuerySelector("[data-refresh]"));
        Assert.Null(progress.Html.QuerySelector("script")); // finished: nothing refreshes any more

        await using var connection = await App.Db.OpenAsync();
        foreach (var (id, decisionId) in decided)
        {
            var dates = await connection.QuerySingleAsync<(DateOnly SentOn, DateOnly ObjectionDueOn)>(
                "SELECT sent_on AS SentOn, objection_due_on AS ObjectionDueOn FROM decisions WHERE id = @decisionId", new { decisionId });
            // Six weeks from the day after sending end on Monday 15 May 2023.
            Assert.Equal((new DateOnly(2023, 4, 3), new DateOnly(2023, 5, 15)), dates);
            var stored = await connection.QuerySingleAsync<(byte[] Content, string Sha256)>(
                "SELECT content, sha256 FROM documents WHERE application_id = @id AND kind = @kind", new { id, kind = DecisionLetter.Kind(decisionId) });
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stored.Content)), stored.Sha256);
            var text = Letters.Text(stored.Content);
            Assert.Contains("3 april 2023", text);
            Assert.Contains("15 mei 2023", text);
            Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE application_id = @id AND attachment_kind = @kind",
                new { id, kind = DecisionLetter.Kind(decisionId) }));
            Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM audit_log WHERE application_id = @id AND action = 'BesluitVerzonden'", new { id }));
        }
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'VerzendrondeGestart'"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'VerzendrondeAfgerond'"));

        // The mail carries the stored document, unchanged; the portal shows the same document.
        var mail = await App.Smtp.WaitForAsync(m => m.Subject == "Besluit op aanvraag SUVCO-2023-000001");
        var attachment = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>());
        using var bytes = new MemoryStream();
        await attachment.Content.DecodeToAsync(bytes);
        var portalCopy = await gemeente.Http.GetByteArrayAsync($"/aanvragen/{decided[0].Id}/brieven/{DecisionLetter.Kind(decided[0].DecisionId)}");
        Assert.Equal(bytes.ToArray(), portalCopy);
        Assert.Contains("verzonden op 3 april 2023", (await gemeente.GetAsync($"/aanvragen/{decided[0].Id}")).Text("[data-testid=decision-letters]"));

        var again = await office.PostAsync("/behandeling/verzenden", [new("Scope", SendLetters.All)]);
        Assert.Contains("Er wachten geen besluiten (meer) op verzending: de brieven zijn al verzonden of onderweg.", again.ErrorSummary);
    }

    [Fact]
    public async Task FinishedRun_IsReadAndRenderedOnce_UnderWayRunAtEachRequest()
    {
        var decided = await ThreeApprovedUnsentAsync();
        var dispatchId = await DispatchAsync(decided.Select(d => d.DecisionId));
        var office = await Data.SignedInAsync(Roles.Behandelaar);
        await using var connection = await App.Db.OpenAsync();
        const string Rename = "UPDATE municipalities SET name = @name WHERE cbs_code = @code";

        // Under way: each request reads the letters again.
        Assert.Contains("Utrecht", (await office.GetAsync($"/behandeling/verzenden/{dispatchId}")).Text("[data-testid=letters]"));
        await connection.ExecuteAsync(Rename, new { name = "Utrecht (hernoemd)", code = TestData.Utrecht });
        Assert.Contains("Utrecht (hernoemd)", (await office.GetAsync($"/behandeling/verzenden/{dispatchId}")).Text("[data-testid=letters]"));

        await RunJobAsync(dispatchId);
        var first = await office.GetAsync($"/behandeling/verzenden/{dispatchId}");
        await connection.ExecuteAsync(Rename, new { name = "Utrecht", code = TestData.Utrecht });
        var again = await office.GetAsync($"/behandeling/verzenden/{dispatchId}");

        // Finished: the page as it was first shown, its letters not read again; in the layout, with its title.
        Assert.Contains("Klaar: 3 verzonden", first.Text("[data-testid=progress-summary]"));
        Assert.Equal(first.Html.QuerySelector("main")!.InnerHtml, again.Html.QuerySelector("main")!.InnerHtml);
        Assert.Contains("Utrecht (hernoemd)", again.Text("[data-testid=letters]"));
        Assert.StartsWith($"Verzendronde {dispatchId} —", again.Html.Title);
    }

    [Fact]
    public async Task EachLetterSent_ReportsTheTimeOfItsSteps_SoARunsCostBesidePrintingCanBeMeasured()
    {
        var decided = await ThreeApprovedUnsentAsync();
        var dispatchId = await DispatchAsync(decided.Select(d => d.DecisionId));
        var steps = new System.Collections.Concurrent.ConcurrentBag<(string Step, double Ms)>();
        using var listener = SendDecisionLettersJob.ListenToSteps((step, ms) => steps.Add((step, ms)));

        await RunJobAsync(dispatchId);

        listener.Dispose();
        Assert.All(await ItemsAsync(dispatchId), i => Assert.Equal("Sent", i.Status));
        foreach (var step in new[] { "claim", "read", "print", "store" })
            Assert.True(steps.Count(s => s.Step == step && s.Ms > 0) >= decided.Count, $"{step} is timed for each letter"); // other tests' runs may add theirs
    }

    [Fact]
    public async Task OneLetterFails_TheOthersAreSent_AndItIsRetriedAfterTheBackoff()
    {
        var decided = await ThreeApprovedUnsentAsync();
        // A stray stored letter for the second decision: storing its letter fails (one letter per decision, never replaced).
        await using var connection = await App.Db.OpenAsync();
        var broken = decided[1];
        await connection.ExecuteAsync("""
            INSERT INTO documents (application_id, kind, file_name, content, sha256, created_at_utc) VALUES (@id, @kind, 'stray.pdf', @content, 'x', @now)
            """, new { id = broken.Id, kind = DecisionLetter.Kind(broken.DecisionId), content = new byte[] { 1 }, now = App.Clock.GetUtcNow().UtcDateTime });

        var office = await Data.SignedInAsync(Roles.Accordeerder);
        var started = await office.PostAsync("/behandeling/verzenden",
            [new("Scope", SendLetters.Selection), .. decided.Select(d => new KeyValuePair<string, string>("DecisionIds", d.DecisionId.ToString()))]);
        var dispatchId = int.Parse(started.RedirectPath!.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var items = await WorkedAsync(dispatchId);

        Assert.Equal(["Sent", "Pending", "Sent"], items.Select(i => i.Status));
        var failed = items[1];
        Assert.StartsWith("Poging 1: ", failed.LastError);
        Assert.Equal(App.Clock.GetUtcNow().UtcDateTime.AddSeconds(30), failed.NextAttemptAtUtc); // the outbox's back-off: 30 s, 1 min, 2 min, …
        var progress = await office.GetAsync($"/behandeling/verzenden/{dispatchId}");
        Assert.Equal(("2", "1", "0"), (progress.Text("[data-testid=sent]"), progress.Text("[data-testid=todo]"), progress.Text("[data-testid=failed]")));
        Assert.Contains("mislukt, nieuwe poging om", progress.Text("[data-testid=letters]"));
        Assert.NotNull(progress.Html.QuerySelector("#progress[data-refresh]")); // still running: the static script refreshes it
        Assert.Equal("/js/refresh.js", progress.Html.QuerySelector("script")!.GetAttribute("src")!.Split('?')[0]);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM decisions WHERE id = @id AND sent_on IS NULL", new { id = broken.DecisionId }));

        // Not before its time; after the back-off, with the stray copy cleared, it goes.
        await RunJobAsync(dispatchId);
        Assert.Equal(1, (await ItemsAsync(dispatchId))[1].Attempts);
        await connection.ExecuteAsync("DELETE FROM documents WHERE application_id = @id AND file_name = 'stray.pdf'", new { id = broken.Id });
        App.Clock.Advance(TimeSpan.FromSeconds(31));
        await RunJobAsync(dispatchId);

        Assert.Equal(("Sent", 2), ((await ItemsAsync(dispatchId))[1].Status, (await ItemsAsync(dispatchId))[1].Attempts));
        Assert.NotNull(await connection.QuerySingleOrDefaultAsync<DateTime?>("SELECT finished_at_utc FROM decision_dispatches WHERE id = @dispatchId", new { dispatchId }));
        foreach (var kenmerk in new[] { "SUVCO-2023-000001", "SUVCO-2023-000002", "SUVCO-2023-000003" })
            await App.Smtp.WaitForAsync(m => m.Subject == $"Besluit op aanvraag {kenmerk}");
        Assert.Equal(3, await CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE subject LIKE 'Besluit op aanvraag%'"));
    }

    [Fact]
    public async Task LetterFailingEveryAttempt_IsFailedForGood_AndWaitsForANewRun()
    {
        var approver = await Data.SignedInAsync(Roles.Accordeerder);
        var (id, decisionId) = await ApprovedUnsentAsync(TestData.Utrecht, approver);
        await using var connection = await App.Db.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO documents (application_id, kind, file_name, content, sha256, created_at_utc) VALUES (@id, @kind, 'stray.pdf', @content, 'x', @now)
            """, new { id, kind = DecisionLetter.Kind(decisionId), content = new byte[] { 1 }, now = App.Clock.GetUtcNow().UtcDateTime });
        var dispatchId = await DispatchAsync([decisionId]);
        var max = App.Service<Microsoft.Extensions.Options.IOptions<DecisionDispatchSettings>>().Value.MaxAttempts;

        for (var attempt = 1; attempt <= max; attempt++)
        {
            await RunJobAsync(dispatchId);
            App.Clock.Advance(TimeSpan.FromHours(1)); // beyond any back-off
        }

        var item = Assert.Single(await ItemsAsync(dispatchId));
        Assert.Equal(("Failed", max), (item.Status, item.Attempts));
        Assert.StartsWith($"Poging {max}: ", item.LastError);
        var office = await Data.SignedInAsync(Roles.Behandelaar);
        var progress = await office.GetAsync($"/behandeling/verzenden/{dispatchId}");
        Assert.Equal(("0", "0", "1"), (progress.Text("[data-testid=sent]"), progress.Text("[data-testid=todo]"), progress.Text("[data-testid=failed]")));
        var waiting = await office.GetAsync("/behandeling/verzenden");
        Assert.Contains($"Poging {max}: ", waiting.Text("[data-testid=waiting] tbody tr"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE application_id = @id AND subject LIKE 'Besluit%'", new { id }));
    }

    [Fact]
    public async Task ConcurrentWorkers_AndACrashedClaim_NeverGiveADecisionTwoLettersOrTwoMails()
    {
        var decided = await ThreeApprovedUnsentAsync();
        var dispatchId = await DispatchAsync(decided.Select(d => d.DecisionId));
        // A worker claimed the first letter and died: its lease holds the item for five minutes.
        await using var connection = await App.Db.OpenAsync();
        await connection.ExecuteAsync("UPDATE decision_dispatch_items SET attempts = 1, claimed_until_utc = @until WHERE decision_id = @decisionId",
            new { until = App.Clock.GetUtcNow().UtcDateTime + SendDecisionLettersJob.Lease, decisionId = decided[0].DecisionId });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunJobAsync(dispatchId))));

        Assert.Equal(["Pending", "Sent", "Sent"], (await ItemsAsync(dispatchId)).Select(i => i.Status));
        App.Clock.Advance(SendDecisionLettersJob.Lease + TimeSpan.FromSeconds(1));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunJobAsync(dispatchId))));
        Assert.All(await ItemsAsync(dispatchId), i => Assert.Equal("Sent", i.Status));
        Assert.Equal(2, (await ItemsAsync(dispatchId))[0].Attempts);

        // An item for a decision that was sent meanwhile (another run, an old job) is skipped: no second letter or mail.
        var late = await DispatchAsync([]);
        await connection.ExecuteAsync("""
            INSERT INTO decision_dispatch_items (dispatch_id, decision_id, status, attempts, next_attempt_at_utc) VALUES (@late, @decisionId, 'Pending', 0, @now)
            """, new { late, decisionId = decided[2].DecisionId, now = App.Clock.GetUtcNow().UtcDateTime });
        await RunJobAsync(late);
        Assert.Equal("Skipped", Assert.Single(await ItemsAsync(late)).Status);

        foreach (var (id, decisionId) in decided)
        {
            var kind = DecisionLetter.Kind(decisionId);
            Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM documents WHERE application_id = @id AND kind = @kind", new { id, kind }));
            Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE application_id = @id AND attachment_kind = @kind", new { id, kind }));
            Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM audit_log WHERE application_id = @id AND action = 'BesluitVerzonden'", new { id }));
        }
    }
}
