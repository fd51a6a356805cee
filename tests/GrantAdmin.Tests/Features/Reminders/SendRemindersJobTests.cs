using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Features.Reminders;
using GrantAdmin.Web.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using MimeKit;

namespace GrantAdmin.Tests.Features.Reminders;

/// <summary>
/// The reminder job on the real app: the test clock stepped across each reminder moment (Amsterdam calendar
/// days), run twice and in parallel, after downtime, and with a failing write; mails caught by the real SMTP server.
/// </summary>
public sealed class SendRemindersJobTests(TestApp app) : AppTest(app)
{
    private async Task<int> RunAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SendRemindersJob>().ExecuteAsync(CancellationToken.None);
    }

    /// <summary>The first second of an Amsterdam calendar day.</summary>
    private static DateTimeOffset StartOf(DateOnly day) => new(Amsterdam.StartOfDayUtc(day), TimeSpan.Zero);

    private void At(DateTimeOffset instant) => App.Clock.SetUtcNow(instant);

    /// <summary>Waits until every mail the outbox was asked to send is out, then returns those matching.</summary>
    private async Task<List<MimeMessage>> MailsAsync(string subjectPart)
    {
        await App.OutboxIdleAsync();
        return App.Smtp.Messages().Where(m => m.Subject.Contains(subjectPart, StringComparison.Ordinal)).ToList();
    }

    private async Task<int> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>(sql, parameters);
    }

    private async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<T>(sql, parameters);
    }

    private static List<KeyValuePair<string, string>> Incomplete()
    {
        var fields = new List<KeyValuePair<string, string>>();
        var codes = GrantAdmin.Web.Features.ReferenceData.ReferenceDataLoader.DefaultChecklist.Select(c => c.Code).ToList();
        for (var i = 0; i < codes.Count; i++)
        {
            fields.Add(new($"Items[{i}].Code", codes[i]));
            if (codes[i] == "projectplan") fields.Add(new($"Items[{i}].Remark", "Het plan ontbreekt"));
            else fields.Add(new($"Items[{i}].Complete", "true"));
        }
        fields.Add(new("Explanation", "Graag het projectplan."));
        fields.Add(new("TermDays", "14"));
        return fields;
    }

    /// <summary>Utrecht's application, submitted on 1 February 2023, with an aanvulverzoek due 15 February.</summary>
    private async Task<(int Id, string Kenmerk, string Tekenbevoegde)> AskedForSupplementAsync()
    {
        var (gemeente, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(gemeente, id);
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}");
        await reviewer.PostAsync($"/behandeling/{id}/beoordelen", Incomplete(), tokenFrom: $"/behandeling/{id}");
        Assert.Equal(new DateOnly(2023, 2, 15), await ScalarAsync<DateOnly>("SELECT due_on FROM completion_requests WHERE application_id = @id", new { id }));
        var tekenbevoegde = await ScalarAsync<string>("SELECT email FROM users WHERE role = 'Tekenbevoegde' ORDER BY id");
        return (id, await ScalarAsync<string>("SELECT kenmerk FROM applications WHERE id = @id", new { id }), tekenbevoegde);
    }

    [Fact]
    public async Task Aanvulverzoek_ThreeDaysAndOneDayBefore_EachOnceOnItsDay_ToTheGemeente()
    {
        var (_, kenmerk, tekenbevoegde) = await AskedForSupplementAsync();

        At(StartOf(new DateOnly(2023, 2, 12)).AddSeconds(-1)); // Saturday 11 Feb 23:59:59: not yet
        Assert.Equal(0, await RunAsync());
        At(StartOf(new DateOnly(2023, 2, 12)).AddSeconds(1));  // Sunday 12 Feb, 3 days before 15 Feb
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());
        var three = Assert.Single(await MailsAsync("Herinnering: aanvullen"));
        Assert.Equal($"Herinnering: aanvullen aanvraag {kenmerk} kan tot en met 15 februari 2023", three.Subject);
        Assert.Contains("nog 3 dagen", three.TextBody);
        Assert.Contains("Utrecht", three.TextBody);
        var to = three.To.Mailboxes.Select(m => m.Address).ToList();
        Assert.Contains(tekenbevoegde, to);
        Assert.Contains(TestData.CompleteForm()["ContactEmail"].ToLowerInvariant(), to);

        At(StartOf(new DateOnly(2023, 2, 14)).AddSeconds(-1));
        Assert.Equal(0, await RunAsync());
        At(StartOf(new DateOnly(2023, 2, 14)).AddHours(9));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());
        var mails = await MailsAsync("Herinnering: aanvullen");
        Assert.Equal(2, mails.Count);
        Assert.Contains("nog 1 dag", mails.Single(m => m != mails.First(x => x.TextBody.Contains("nog 3 dagen"))).TextBody);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM reminders WHERE kind = 'aanvulverzoek'"));
    }

    [Fact]
    public async Task Aanvulverzoek_SupplementReceived_NoReminder()
    {
        var (id, _, _) = await AskedForSupplementAsync();
        await using (var connection = await App.Db.OpenAsync())
            await connection.ExecuteAsync("UPDATE completion_requests SET supplement_received_at_utc = @now, supplement_received_on = '2023-02-10' WHERE application_id = @id",
                new { id, now = App.Clock.GetUtcNow().UtcDateTime });
        At(StartOf(new DateOnly(2023, 2, 14)).AddHours(9));
        Assert.Equal(0, await RunAsync());
    }

    [Fact]
    public async Task DecisionTerm_FourteenDaysBeforeAndOnTheDay_ToBehandelaarsThenTheAssignedReviewer()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Goes);
        var behandelaar = await Data.UserAsync(Roles.Behandelaar);
        var due = await ScalarAsync<DateOnly>("SELECT decision_due_on FROM applications WHERE id = @id", new { id });
        var kenmerk = await ScalarAsync<string>("SELECT kenmerk FROM applications WHERE id = @id", new { id });

        At(StartOf(due.AddDays(-14)).AddSeconds(-1));
        Assert.Equal(0, await RunAsync());
        At(StartOf(due.AddDays(-14)).AddSeconds(1));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());
        var early = Assert.Single(await MailsAsync("Beslistermijn"));
        Assert.Equal($"Beslistermijn {kenmerk} (Goes) eindigt op {Amsterdam.FormatDate(due)}", early.Subject);
        Assert.Contains("over 14 dagen", early.TextBody);
        Assert.Equal([behandelaar], early.To.Mailboxes.Select(m => m.Address)); // unassigned: every active Behandelaar

        var reviewer = await Data.UserAsync(Roles.Behandelaar);
        await using (var connection = await App.Db.OpenAsync())
            await connection.ExecuteAsync("UPDATE applications SET assigned_to_user_id = (SELECT id FROM users WHERE email = @reviewer) WHERE id = @id", new { id, reviewer });
        At(StartOf(due).AddSeconds(-1));
        Assert.Equal(0, await RunAsync());
        At(StartOf(due).AddSeconds(1));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());
        var onTheDay = Assert.Single(await MailsAsync("eindigt vandaag"));
        Assert.Equal($"Beslistermijn {kenmerk} (Goes) eindigt vandaag", onTheDay.Subject);
        Assert.Equal([reviewer], onTheDay.To.Mailboxes.Select(m => m.Address));
    }

    [Fact]
    public async Task DecisionTerm_DownOverTheLastDay_CaughtUpWithinAWeek_NotForLongPastTerms()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Goes);
        await Data.UserAsync(Roles.Behandelaar);
        var due = await ScalarAsync<DateOnly>("SELECT decision_due_on FROM applications WHERE id = @id", new { id });

        At(StartOf(due.AddDays(SendRemindersJob.CatchUpDays + 1)));
        Assert.Equal(0, await RunAsync()); // a term that ended long ago: no mail
        At(StartOf(due.AddDays(3)).AddHours(9));
        Assert.Equal(1, await RunAsync()); // down from before the 14-day moment until 3 days after the term: one reminder
        Assert.Equal(0, await RunAsync());
        var mail = Assert.Single(await MailsAsync("Beslistermijn"));
        Assert.EndsWith("is verstreken", mail.Subject);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM reminders WHERE reminder_key = @key", new { key = $"beslistermijn:{id}:0d" }));
    }

    [Fact]
    public async Task Draft_SevenDaysAndOneDayBeforeTheRoundCloses_ToTheGemeente()
    {
        var (_, id) = await Data.CompleteDraftAsync(TestData.Groningen); // round 2023 closes on 28 April 2023

        At(StartOf(new DateOnly(2023, 4, 21)).AddSeconds(-1));
        Assert.Equal(0, await RunAsync());
        At(StartOf(new DateOnly(2023, 4, 21)).AddSeconds(1));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());
        var seven = Assert.Single(await MailsAsync("conceptaanvraag"));
        Assert.Equal("Herinnering: uw conceptaanvraag is nog niet ingediend (Tijdvak 2023 sluit op 28 april 2023)", seven.Subject);
        Assert.Contains("Groningen", seven.TextBody);
        Assert.Contains("nog 7 dagen", seven.TextBody);
        Assert.Contains(await ScalarAsync<string>("SELECT email FROM users WHERE role = 'Tekenbevoegde'"), seven.To.Mailboxes.Select(m => m.Address));

        At(StartOf(new DateOnly(2023, 4, 27)).AddSeconds(-1));
        Assert.Equal(0, await RunAsync());
        At(StartOf(new DateOnly(2023, 4, 27)).AddSeconds(1));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());
        Assert.Equal(2, (await MailsAsync("conceptaanvraag")).Count);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM reminders WHERE reminder_key = @key", new { key = $"concept:{id}:1d" }));

        At(StartOf(new DateOnly(2023, 4, 29)));
        Assert.Equal(0, await RunAsync()); // closed: nothing more
    }

    [Fact]
    public async Task SetAside_SevenDaysBeforeTheFourWeekLimit_ToTheOffice()
    {
        var (id, kenmerk, _) = await AskedForSupplementAsync();
        At(StartOf(new DateOnly(2023, 2, 16)).AddSeconds(1));
        using (var scope = App.Services.CreateScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ExpireCompletionTermsJob>().ExecuteAsync(CancellationToken.None));
        Assert.Equal(new DateOnly(2023, 3, 15), await ScalarAsync<DateOnly>("SELECT set_aside_due_on FROM completion_requests WHERE application_id = @id", new { id }));
        var reviewer = await ScalarAsync<string>("SELECT email FROM users WHERE role = 'Behandelaar'");

        At(StartOf(new DateOnly(2023, 3, 8)).AddSeconds(-1));
        await RunAsync();
        Assert.Empty(await MailsAsync("Besluit buiten behandeling"));
        At(StartOf(new DateOnly(2023, 3, 8)).AddSeconds(1));
        await RunAsync();
        await RunAsync();
        var mail = Assert.Single(await MailsAsync("Besluit buiten behandeling"));
        Assert.Equal($"Besluit buiten behandeling {kenmerk} (Utrecht) uiterlijk 15 maart 2023", mail.Subject);
        Assert.Contains(reviewer, mail.To.Mailboxes.Select(m => m.Address));
    }

    [Fact]
    public async Task TwoRunsInParallel_EachReminderOnce()
    {
        var (_, kenmerk, _) = await AskedForSupplementAsync();
        await Data.CompleteDraftAsync(TestData.Goes);
        At(StartOf(new DateOnly(2023, 2, 12)).AddHours(8)); // the aanvulverzoek's 3-day reminder
        var results = await Task.WhenAll(RunAsync(), RunAsync());
        Assert.Equal(1, results.Sum());
        At(StartOf(new DateOnly(2023, 4, 21)).AddHours(8)); // the draft's 7-day reminder, three runs at once
        results = await Task.WhenAll(RunAsync(), RunAsync(), RunAsync());
        Assert.Equal(1, results.Sum());

        Assert.Single(await MailsAsync("conceptaanvraag"));
        Assert.Single(await MailsAsync($"aanvullen aanvraag {kenmerk}"));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM reminders"));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE id IN (SELECT outbox_message_id FROM reminders)"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE subject LIKE 'Herinnering%' AND id NOT IN (SELECT outbox_message_id FROM reminders)"));
    }

    [Fact]
    public async Task AfterDowntime_TheMissedReminderGoesOutOnce()
    {
        var (_, kenmerk, _) = await AskedForSupplementAsync();
        // The server was down from 1 February until Monday 13 February, noon: the 3-day moment (12 Feb) passed.
        At(new DateTimeOffset(2023, 2, 13, 11, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());
        var mail = Assert.Single(await MailsAsync($"aanvullen aanvraag {kenmerk}"));
        Assert.Contains("nog 2 dagen", mail.TextBody);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM reminders WHERE reminder_key LIKE 'aanvulverzoek:%:3d'"));

        // Down again until the last day: one reminder (the most urgent), not the missed and the due one together.
        At(StartOf(new DateOnly(2023, 2, 15)).AddHours(10));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(2, (await MailsAsync($"aanvullen aanvraag {kenmerk}")).Count);
    }

    [Fact]
    public async Task RecurringJob_RegisteredInAmsterdamTime_AndTriggeredAtStart()
    {
        using var connection = App.Service<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == nameof(SendRemindersJob));
        Assert.Equal("Europe/Amsterdam", job.TimeZoneId);
        Assert.NotNull(job.LastJobId); // the catch-up run at start
    }

    /// <summary>
    /// A crash between writing the outbox row and recording the reminder is a rollback: the two rows are
    /// written in one transaction, so either both exist (the outbox sends the one mail; the next run sees the
    /// key) or neither (the next run writes both). Forced here with a failing insert on either table.
    /// </summary>
    [Theory]
    [InlineData("outbox_messages")]
    [InlineData("reminders")]
    public async Task FailingWrite_NeitherReminderNorOutboxRow_NextRunSendsOnce(string table)
    {
        var (_, kenmerk, _) = await AskedForSupplementAsync();
        At(StartOf(new DateOnly(2023, 2, 12)).AddHours(8));
        await using (var connection = await App.Db.OpenAsync())
            await connection.ExecuteAsync(TestApp.OnSqlServer
                ? $"CREATE TRIGGER fail_insert ON {table} INSTEAD OF INSERT AS THROW 50000, 'storing', 1;"
                : $"CREATE TRIGGER fail_insert BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'storing'); END;");
        try
        {
            await Assert.ThrowsAsync<AggregateException>(RunAsync);
            Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM reminders"));
            Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE subject LIKE 'Herinnering%'"));
        }
        finally
        {
            await using var connection = await App.Db.OpenAsync();
            await connection.ExecuteAsync("DROP TRIGGER fail_insert");
        }
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());
        Assert.Single(await MailsAsync($"aanvullen aanvraag {kenmerk}"));
    }
}
