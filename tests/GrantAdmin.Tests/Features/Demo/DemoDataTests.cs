using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Demo;
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

        Assert.Equal([new RoundCount("2022", 24, 24, 2), new RoundCount("2023", 32, 32, 3)], rounds);
        Assert.Equal(1, await connection.QuerySingleAsync<int>(
            "SELECT COUNT(*) FROM applications a JOIN municipalities m ON m.id = a.municipality_id JOIN rounds r ON r.id = a.round_id WHERE m.cbs_code = 'GM0664' AND r.code = '2023'"));
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM outbox_messages"));
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
