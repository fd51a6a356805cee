using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Reminders;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Tests.Features.Settlement;

/// <summary>
/// The SiSa reminder through the real reminder job: the test clock stepped across 28 and 7 days before 15 July,
/// runs repeated and in parallel, catch-up after downtime; mails caught by the real SMTP server.
/// </summary>
public sealed class SisaReminderTests(TestApp app) : AppTest(app)
{
    private const string Subject = "Herinnering: verantwoording 2023 via SiSa";

    private async Task<int> RunAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SendRemindersJob>().ExecuteAsync(CancellationToken.None);
    }

    private void At(int year, int month, int day) =>
        App.Clock.SetUtcNow(new DateTimeOffset(Amsterdam.StartOfDayUtc(new DateOnly(year, month, day)), TimeSpan.Zero).AddMinutes(1));

    private async Task<IReadOnlyList<string>> KeysAsync()
    {
        await using var connection = await App.Db.OpenAsync();
        return (await connection.QueryAsync<string>("SELECT reminder_key FROM reminders WHERE kind = 'sisa' ORDER BY id")).AsList();
    }

    /// <summary>Utrecht's granted application (1 February 2023), its verlening mail out of the way.</summary>
    private async Task<int> GrantedApplicationAsync(string code = TestData.Utrecht)
    {
        var id = await Data.GrantedApplicationAsync(code);
        await App.DeliveredAsync("Besluit op aanvraag");
        return id;
    }

    [Fact]
    public async Task SteppedClock_28And7DaysBefore15July_EachReminderOnce_EvenInParallel()
    {
        var id = await GrantedApplicationAsync();
        var tekenbevoegde = await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht);

        At(2024, 6, 16);                                   // 29 days before: nothing yet
        Assert.Equal(0, await RunAsync());
        At(2024, 6, 17);                                   // 28 days before
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());                 // repeated
        Assert.Equal(0, (await Task.WhenAll(RunAsync(), RunAsync(), RunAsync())).Sum());
        At(2024, 7, 1);
        Assert.Equal(0, await RunAsync());
        At(2024, 7, 8);                                    // 7 days before, three runs at once
        Assert.Equal(1, (await Task.WhenAll(RunAsync(), RunAsync(), RunAsync())).Sum());
        At(2024, 7, 15);
        Assert.Equal(0, await RunAsync());
        At(2024, 7, 16);                                   // after the due date: nothing to say any more
        Assert.Equal(0, await RunAsync());

        Assert.Equal([$"sisa:{id}:2023:28d", $"sisa:{id}:2023:7d"], await KeysAsync());
        var mails = await App.DeliveredAsync(Subject);
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.Contains(tekenbevoegde, m.To.Mailboxes.Select(a => a.Address)));
        Assert.All(mails, m => Assert.DoesNotContain("jan.jansen@gemeente.example", m.To.Mailboxes.Select(a => a.Address)));
        Assert.Contains("uiterlijk 15 juli 2024 bij het CBS zijn (nog 28 dagen)", mails[0].TextBody);
        Assert.Contains("SUVCO-2023-000001", mails[0].Subject);
        Assert.Contains("(nog 7 dagen)", mails[1].TextBody);
    }

    [Fact]
    public async Task Downtime_OverBothMoments_OneReminderCaughtUp_UntilTheDueDate()
    {
        var id = await GrantedApplicationAsync();

        At(2024, 6, 1);
        Assert.Equal(0, await RunAsync());
        At(2024, 7, 15);                                   // down from 1 June to 15 July: the most urgent stage, once
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());

        Assert.Equal([$"sisa:{id}:2023:7d"], await KeysAsync());
        Assert.Contains("(vandaag)", Assert.Single(await App.DeliveredAsync(Subject)).TextBody);
    }

    [Fact]
    public async Task RecordedSpending_NoReminderForThatYear_AndTheNextYearHasItsOwn()
    {
        var utrecht = await GrantedApplicationAsync();
        var goes = await GrantedApplicationAsync(TestData.Goes);
        await Data.UserAsync(Roles.Tekenbevoegde, TestData.Goes);
        App.Clock.SetUtcNow(new DateTimeOffset(2024, 6, 1, 8, 0, 0, TimeSpan.Zero));
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        var recorded = await reviewer.PostAsync($"/behandeling/{goes}/vaststelling/besteding", [new("Year", "2023"), new("Amount", "20.000")],
            tokenFrom: $"/behandeling/{goes}/vaststelling");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, recorded.Status);

        At(2024, 6, 20);
        Assert.Equal(1, await RunAsync());                 // Utrecht only: Goes reported over 2023
        At(2025, 6, 20);                                   // 25 days before 15 July 2025: the report over 2024, for both
        Assert.Equal(2, await RunAsync());

        Assert.Equal([$"sisa:{utrecht}:2023:28d", $"sisa:{utrecht}:2024:28d", $"sisa:{goes}:2024:28d"], await KeysAsync());
        Assert.Equal(2, (await App.DeliveredAsync("Herinnering: verantwoording 2024 via SiSa")).Count);
    }
}
