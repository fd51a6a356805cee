using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Demo;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GrantAdmin.Tests.Features.Demo;

/// <summary>The app as `ops/run` starts it: Development, with demo data made through the real handlers.</summary>
public sealed class DevelopmentApp : TestApp
{
    protected override string EnvironmentName => "Development";
    protected override void ConfigureSettings(IWebHostBuilder builder) => builder.UseSetting("Demo:Seed", "true");
}

[CollectionDefinition(Name)]
public sealed class DevelopmentCollection : ICollectionFixture<DevelopmentApp>
{
    public const string Name = "development";
}

[Collection(DevelopmentCollection.Name)]
public sealed class DemoDataTests(DevelopmentApp app)
{
    private sealed record RoundCount(string Code, int Applications, int MaxNumber, int Withdrawn);

    [Fact]
    public async Task StartPage_ListsEveryDemoAccount_AndEachCanLogIn()
    {
        var home = await app.Client().GetAsync("/");

        foreach (var account in DemoData.Accounts)
        {
            Assert.Contains(account.Email, home.Html.Body!.TextContent);
            var client = app.Client();
            await client.LoginAsync(account.Email, DemoData.Password);
        }
    }

    [Fact]
    public async Task DemoRound_IsOpenNow_ForTheDemoTekenbevoegde()
    {
        var client = app.Client();
        await client.LoginAsync("tekenbevoegde@utrecht.demo", DemoData.Password);

        var dashboard = await client.GetAsync("/aanvragen");

        Assert.Contains("DEMO-ronde", dashboard.Text("[data-testid=open-rounds]"));
    }

    [Fact]
    public async Task DemoRound_ProjectPeriod_LiesAhead_WhenEverTheAppStarts()
    {
        // The app starts years after the real rounds: the demo round must not offer a project period in the past.
        var later = new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
        try
        {
            app.Clock.SetUtcNow(later);
            await SeedAsync();

            await using var connection = await app.Db.OpenAsync();
            var (from, until) = await connection.QuerySingleAsync<(DateOnly, DateOnly)>(
                "SELECT activities_from, activities_until FROM rounds WHERE code = @code", new { code = DemoData.RoundCode });
            var today = DateOnly.FromDateTime(later.UtcDateTime);
            Assert.True(from <= today && until >= today.AddYears(1), $"DEMO project period {from:yyyy-MM-dd} – {until:yyyy-MM-dd}, today {today:yyyy-MM-dd}");
        }
        finally
        {
            app.Clock.SetUtcNow(TestApp.DefaultNow);
            await SeedAsync();
        }
    }

    private async Task SeedAsync()
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
    }

    [Fact]
    public async Task ClosedRounds_HoldSubmittedApplications_WithGapFreeKenmerken_AndNoMailToSend()
    {
        await using var connection = await app.Db.OpenAsync();
        var rounds = (await connection.QueryAsync<RoundCount>("""
            SELECT r.code, COUNT(a.id) AS Applications, MAX(a.kenmerk_number) AS MaxNumber,
                   SUM(CASE WHEN a.state = 'Ingetrokken' THEN 1 ELSE 0 END) AS Withdrawn
            FROM rounds r JOIN applications a ON a.round_id = r.id
            WHERE r.code IN ('2022', '2023') GROUP BY r.code ORDER BY r.code
            """)).ToList();

        Assert.Equal([new RoundCount("2022", 40, 40, 5), new RoundCount("2023", 44, 44, 5)], rounds);
        Assert.Equal(1, await connection.QuerySingleAsync<int>(
            "SELECT COUNT(*) FROM applications a JOIN municipalities m ON m.id = a.municipality_id JOIN rounds r ON r.id = a.round_id WHERE m.cbs_code = 'GM0664' AND r.code = '2023'"));
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE status <> 'Sent'"));
    }

    [Theory]
    [InlineData("2022")]
    [InlineData("2023")]
    public async Task ClosedRound_IsDecidedUpToTheCeiling_AndItsLedgerHolds(string code)
    {
        using var scope = app.Services.CreateScope();
        var meter = scope.ServiceProvider.GetRequiredService<CeilingMeter>();
        var round = (await meter.ForAsync(code, CancellationToken.None))!;

        Assert.Equal(round.Ranking.CeilingCents, round.Ranking.GrantedCents);
        Assert.Equal(0, round.Ranking.ReservedCents);
        var states = round.States.ToDictionary(s => s.State, s => s.Count);
        foreach (var state in (string[])["Verleend", "Afgewezen", "BuitenBehandelingGesteld", "Volledig", "Ingetrokken"])
            Assert.True(states.GetValueOrDefault(state) > 0, $"{code}: no application in state {state}");
        var verdict = await scope.ServiceProvider.GetRequiredService<LedgerCheck>().RunAsync(round.Round.Id, CancellationToken.None);
        Assert.True(verdict.Holds, verdict.Message);
    }

    [Theory]
    [InlineData("2022")]
    [InlineData("2023")]
    public async Task ClosedRound_HasTheWholeCaseFlow_SentLettersPaymentsAndABezwaar(string code)
    {
        await using var connection = await app.Db.OpenAsync();
        async Task<int> Count(string sql) => await connection.QuerySingleAsync<int>(sql, new { code });
        const string InRound = "JOIN applications a ON a.id = x.application_id JOIN rounds r ON r.id = a.round_id WHERE r.code = @code";

        Assert.True(await Count($"SELECT COUNT(*) FROM completion_requests x {InRound} AND x.supplement_received_at_utc IS NOT NULL") > 0, "a supplement");
        // One term lapses unused (set aside); 2023's late supplement lapsed too, but came.
        Assert.Equal(1, await Count($"SELECT COUNT(*) FROM completion_requests x {InRound} AND x.expired_on IS NOT NULL AND x.supplement_received_at_utc IS NULL"));
        Assert.Equal(0, await Count($"SELECT COUNT(*) FROM decisions x {InRound} AND (x.status <> 'Goedgekeurd' OR x.sent_on IS NULL)"));
        Assert.Equal(0, await Count($"SELECT COUNT(*) FROM decisions x {InRound} AND x.prepared_by_user_id = x.reviewed_by_user_id"));
        // The refusal for the ceiling keeps its position for the letter.
        Assert.Equal(1, await Count($"SELECT COUNT(*) FROM decisions x {InRound} AND x.kind = 'Afwijzing' AND x.ranking_position IS NOT NULL"));
        Assert.Equal(0, await Count($"SELECT COUNT(*) FROM payment_instructions x {InRound} AND x.export_id IS NULL"));
        Assert.True(await Count($"SELECT COUNT(*) FROM payment_instructions x {InRound}") > 0, "payment instructions");
        Assert.Equal(1, await Count($"SELECT COUNT(*) FROM objections x {InRound}"));
        Assert.Equal(code == "2022" ? 1 : 0, await Count("SELECT COUNT(*) FROM applications a JOIN rounds r ON r.id = a.round_id WHERE r.code = @code AND a.state = 'Vastgesteld'"));
    }

    private sealed record LateCase(int Id, string Kenmerk, string State, DateOnly DueOn, DateTime ReceivedAtUtc, DateTime RankingMomentUtc);

    [Fact]
    public async Task Round2023_TakesALateSupplement_TheReviewerAcceptsIt_ItRanksAtItsReceipt_AndTheLedgerHolds()
    {
        await using var connection = await app.Db.OpenAsync();
        var late = await connection.QuerySingleAsync<LateCase>("""
            SELECT a.id, a.kenmerk, a.state, c.due_on AS DueOn, c.supplement_received_at_utc AS ReceivedAtUtc, a.ranking_moment_utc AS RankingMomentUtc
            FROM applications a JOIN rounds r ON r.id = a.round_id JOIN completion_requests c ON c.application_id = a.id
            WHERE r.code = '2023' AND c.supplement_received_on > c.due_on
            """);

        Assert.True(DateOnly.FromDateTime(Amsterdam.ToLocal(late.ReceivedAtUtc)) > late.DueOn);
        Assert.Equal(late.ReceivedAtUtc, late.RankingMomentUtc); // art. 4(4): the late supplement's receipt, not the reviewer's click
        Assert.Contains(late.State, (string[])["Verleend", "Afgewezen", "Volledig"]); // then it goes on like the others
        async Task<string> Audit(string action) => await connection.QuerySingleAsync<string>(
            "SELECT COALESCE(details, '') FROM audit_log WHERE action = @action AND application_id = @id", new { action, id = late.Id });
        Assert.Equal(late.Kenmerk, await Audit("AanvullingTeLaatIngediend"));
        Assert.Equal($"{late.Kenmerk}: {DemoOffice.LateAcceptanceReason}", await Audit("TeLateAanvullingAanvaard"));
        Assert.Equal(("Refuse", "Review"), await connection.QuerySingleAsync<(string, string)>("""
            SELECT l.before_value, l.after_value FROM audit_log l JOIN rounds r ON r.id = l.round_id
            WHERE l.action = 'TeLateAanvullingBeleidGewijzigd' AND r.code = '2023'
            """));
        Assert.Equal(late.ReceivedAtUtc, await connection.QuerySingleAsync<DateTime>(
            "SELECT moment_utc FROM ranking_ledger WHERE application_id = @id AND event = 'AanvullingOntvangen'", new { id = late.Id }));
        // 2022 keeps the default: no supplement after the term there.
        Assert.Equal(0, await connection.QuerySingleAsync<int>(
            "SELECT COUNT(*) FROM completion_requests c JOIN applications a ON a.id = c.application_id JOIN rounds r ON r.id = a.round_id WHERE r.code = '2022' AND c.supplement_received_on > c.due_on"));

        var reviewer = app.Client();
        await reviewer.LoginAsync(DemoOffice.ReviewerEmail, DemoData.Password);
        Assert.Contains("Klopt:", (await reviewer.GetAsync("/rondes/2023/grootboekcontrole")).Text("[data-testid=verdict]"));
    }

    private sealed record LateReceipt(int Id, int RequestId, string Code, DateTime ReceivedAtUtc);

    [Fact]
    public async Task LateSupplementsReceipt_NotPrintedBySeeding_PrintedOnFirstDownload_CarriesItsHistoricDate()
    {
        await using var connection = await app.Db.OpenAsync();
        var late = await connection.QuerySingleAsync<LateReceipt>("""
            SELECT a.id, c.id AS RequestId, m.cbs_code AS Code, c.supplement_received_at_utc AS ReceivedAtUtc
            FROM applications a JOIN rounds r ON r.id = a.round_id JOIN completion_requests c ON c.application_id = a.id
                 JOIN municipalities m ON m.id = a.municipality_id
            WHERE r.code = '2023' AND c.supplement_received_on > c.due_on
            """);
        var kind = GrantAdmin.Web.Features.Applications.ReceiptDocument.SupplementKind(late.RequestId);
        // The seed records the historic mail as sent without printing its letter: that waits until someone needs it.
        Assert.Equal(0, await connection.QuerySingleAsync<int>(
            "SELECT COUNT(*) FROM documents WHERE application_id = @id AND kind = @kind", new { id = late.Id, kind }));

        var gemeente = app.Client();
        await gemeente.LoginAsync(DemoData.ApplicantEmail(late.Code), DemoData.Password);
        var download = await gemeente.Http.GetAsync($"/aanvragen/{late.Id}/brieven/{kind}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var text = Letters.Text(await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Contains(Amsterdam.FormatDate(DateOnly.FromDateTime(Amsterdam.ToLocal(late.ReceivedAtUtc))), text);
        Assert.DoesNotContain(Amsterdam.FormatDate(Amsterdam.Today(app.Clock)), text);
    }

    [Fact]
    public async Task Queue_OfAClosedRound_ShowsNoDecidedCaseAsOverdue()
    {
        var client = app.Client();
        await client.LoginAsync(DemoOffice.ReviewerEmail, DemoData.Password);

        var queue = await client.GetAsync("/behandeling?ronde=2022");

        var rows = queue.Html.QuerySelectorAll("[data-testid=queue] tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        var decided = rows.Where(r => r[6] is "Verleend" or "Afgewezen" or "Buiten behandeling gesteld" or "Vastgesteld").ToList();
        Assert.NotEmpty(decided);
        Assert.All(decided, r => Assert.Equal("—", r[8]));
    }

    [Fact]
    public async Task SeedingAgain_ChangesNothing()
    {
        const string Snapshot = """
            SELECT (SELECT COUNT(*) FROM applications) AS Applications, (SELECT COUNT(*) FROM state_transitions) AS Transitions,
                   (SELECT COUNT(*) FROM decisions) AS Decisions, (SELECT COUNT(*) FROM ranking_ledger) AS Ledger,
                   (SELECT COUNT(*) FROM payment_exports) AS Exports, (SELECT COUNT(*) FROM settlements) AS Settlements,
                   (SELECT COUNT(*) FROM objections) AS Objections, (SELECT COUNT(*) FROM outbox_messages) AS Mail
            """;
        await using var connection = await app.Db.OpenAsync();
        var before = await connection.QuerySingleAsync<(long, long, long, long, long, long, long, long)>(Snapshot);

        await SeedAsync();

        Assert.Equal(before, await connection.QuerySingleAsync<(long, long, long, long, long, long, long, long)>(Snapshot));
    }
}

[Collection(AppCollection.Name)]
public sealed class ProductionStartTests(TestApp app) : AppTest(app)
{
    [Fact]
    public async Task StartPage_OutsideDevelopment_ListsNoDemoAccounts_AndSeedsNothing()
    {
        var home = await App.Client().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.DoesNotContain("Demo-accounts", home.Html.Body!.TextContent);
        Assert.DoesNotContain(DemoData.Password, home.Html.Body!.TextContent);
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM rounds WHERE is_demo = 1"));
    }
}
