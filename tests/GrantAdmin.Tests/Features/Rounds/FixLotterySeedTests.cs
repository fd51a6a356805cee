using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Ranking;

namespace GrantAdmin.Tests.Features.Rounds;

public sealed class FixLotterySeedTests(TestApp app) : AppTest(app)
{
    private const string Seed = "notaris-trekking-2022-12-01-8813";

    [Fact]
    public async Task BeforeOpening_SeedFixedOnce_HashPublicAtOnce_SeedOnlyAfterClosing()
    {
        App.Clock.SetUtcNow(new DateTimeOffset(2022, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var admin = await Data.SignedInAsync(Roles.Beheerder);

        var tooShort = await admin.PostAsync("/beheer/rondes/2023/loting", [new("Seed", "kort")], tokenFrom: "/beheer/rondes");
        Assert.Contains("Kies een zaad (seed) van minstens 16 tekens, bijvoorbeeld een willekeurige reeks uit een notarieel vastgelegde trekking.", tooShort.ErrorSummary);
        var fixedSeed = await admin.PostAsync("/beheer/rondes/2023/loting", [new("Seed", Seed)], tokenFrom: "/beheer/rondes");
        Assert.Equal("/beheer/rondes", fixedSeed.Location);
        var again = await admin.PostAsync("/beheer/rondes/2023/loting", [new("Seed", Seed + "-anders")], tokenFrom: "/beheer/rondes");
        Assert.Contains("Het zaad kan alleen één keer worden vastgelegd, en alleen voordat de ronde opengaat.", again.ErrorSummary);
        var closed = await admin.PostAsync("/beheer/rondes/2022/loting", [new("Seed", Seed)], tokenFrom: "/beheer/rondes");
        Assert.Contains("Het zaad kan alleen één keer worden vastgelegd, en alleen voordat de ronde opengaat.", closed.ErrorSummary);

        await using var connection = await App.Db.OpenAsync();
        Assert.Equal("SameDayLottery", await connection.QuerySingleAsync<string>("SELECT tie_policy FROM rounds WHERE code = '2023'"));
        var meter = await App.Client().GetAsync("/plafond");
        Assert.Equal($"zaad vastgelegd, SHA-256 {RankingEngine.SeedHash(Seed)}", meter.Text("[data-testid=meter-2023] [data-testid=seed-hash]"));

        App.Clock.SetUtcNow(new DateTimeOffset(2023, 5, 1, 9, 0, 0, TimeSpan.Zero));
        var afterClosing = await App.Client().GetAsync("/plafond");
        Assert.Contains($"zaad: {Seed}", afterClosing.Text("[data-testid=meter-2023] [data-testid=seed-hash]"));
    }

    [Fact]
    public async Task RoundsPage_ExplainsTheLotteryInPlainDutch_WithoutCodeNames()
    {
        using var admin = await Data.SignedInAsync(Roles.Beheerder);

        var page = await admin.GetAsync("/beheer/rondes");

        var text = page.Html.QuerySelector("main")!.TextContent;
        Assert.DoesNotContain("SameDayLottery", text);
        Assert.DoesNotContain("ExactMoment", text);
        Assert.Contains("vingerafdruk", page.Text("main"));
        Assert.Contains("loting op de dag van overschrijding", page.Text("[data-testid=rounds-explained]"));
    }
}
