using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Ranking;

namespace GrantAdmin.Tests.Features.Ranking;

/// <summary>
/// /plafond and the gemeente dashboard read every round's meter in one query and keep the meters' rendered HTML under
/// everything it shows (issue 16): the figures must be the ones read one round at a time, and a change must show at once.
/// </summary>
public sealed class MeterCacheTests(TestApp app) : AppTest(app)
{
    private T Handler<T>() where T : notnull => App.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private async Task SubmitAsync(string code)
    {
        var (client, id) = await Data.CompleteDraftAsync(code);
        await TestData.SubmitAsync(client, id);
    }

    [Fact]
    public async Task Plafond_AfterASubmission_ShowsTheNewStandAtOnce()
    {
        await SubmitAsync(TestData.Utrecht);
        var before = await App.Client().GetAsync("/plafond");
        Assert.Equal("€ 50.000,00", before.Text("[data-testid=meter-2023] [data-testid=not-judged]"));

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await SubmitAsync(TestData.Goes);
        var after = await App.Client().GetAsync("/plafond");

        Assert.Equal("€ 100.000,00", after.Text("[data-testid=meter-2023] [data-testid=not-judged]"));
    }

    [Fact]
    public async Task Dashboard_AfterAnotherGemeentesSubmission_ShowsTheNewStandAtOnce()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(client, id);
        Assert.Equal("€ 50.000,00", (await client.GetAsync("/aanvragen")).Text("[data-testid=meter-2023] [data-testid=not-judged]"));

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await SubmitAsync(TestData.Goes);

        Assert.Equal("€ 100.000,00", (await client.GetAsync("/aanvragen")).Text("[data-testid=meter-2023] [data-testid=not-judged]"));
    }

    [Fact]
    public async Task ForAllAsync_GivesEachRoundTheMeterOfForAsync_InTheOrderGiven()
    {
        await SubmitAsync(TestData.Utrecht);
        await SubmitAsync(TestData.Goes);
        var meter = Handler<CeilingMeter>();
        var rounds = (await meter.RoundsAsync(CancellationToken.None)).Reverse().ToList();

        var all = await meter.ForAllAsync(rounds, CancellationToken.None);

        Assert.Equal(rounds.Select(r => r.Code), all.Select(m => m.Round.Code));
        foreach (var (round, fromAll) in rounds.Zip(all))
            Assert.Equal((await meter.ForAsync(round, CancellationToken.None)).ContentKey(), fromAll.ContentKey());
        Assert.Empty(await meter.ForAllAsync([], CancellationToken.None));
    }

    [Fact]
    public async Task AnchorsOfSeveralRounds_AreEachRoundsOwn()
    {
        await SubmitAsync(TestData.Utrecht);
        App.Clock.Advance(TimeSpan.FromDays(1));
        await SubmitAsync(TestData.Goes);
        var publish = Handler<PublishLedger>();
        var ids = (await Handler<CeilingMeter>().RoundsAsync(CancellationToken.None)).Select(r => r.Id).ToList();

        var all = await publish.AnchorsAsync(ids, CancellationToken.None);

        Assert.Equal(ids.Order(), all.Keys.Order());
        foreach (var id in ids)
            Assert.Equal((await publish.AnchorsAsync([id], CancellationToken.None))[id], all[id]);
        Assert.Contains(all.Values, anchors => anchors.Count == 2 && anchors[0].Closed && !anchors[1].Closed);
    }

    [Fact]
    public void ContentKey_ChangesWithEveryFigureTheMeterShows()
    {
        var round = new GrantAdmin.Web.Features.Applications.Round(1, "2023", "Tijdvak 2023", "SUVCO-2023", new DateOnly(2023, 1, 1), new DateOnly(2023, 4, 28),
            125_000_000, 5_000_000, true, "PartialRemainder", "ExactMoment", 2023, new DateOnly(2021, 11, 1), new DateOnly(2024, 6, 30), 8, 14, "v1", false, "Choose");
        var meter = new CeilingMeter.Meter(round, new CeilingMeter.Totals(125_000_000, 0, 5_000_000, 0, 0), [new("Volledig", 1)],
            new CeilingMeter.Lottery(null, "abc"), new DateOnly(2023, 3, 1));
        CeilingMeter.Meter[] changed =
        [
            meter with { Round = round with { Name = "Tijdvak 2023 (gewijzigd)" } },
            meter with { Ranking = meter.Ranking with { ReservedCents = 4_000_000 } },
            meter with { States = [new("Volledig", 2)] },
            meter with { States = [new("Ingediend", 1)] },
            meter with { Draw = new CeilingMeter.Lottery("seed", "abc") },
            meter with { Today = new DateOnly(2023, 4, 29) },
        ];

        Assert.Equal(meter.ContentKey(), (meter with { States = [new("Volledig", 1)] }).ContentKey());
        Assert.All(changed, c => Assert.NotEqual(meter.ContentKey(), c.ContentKey()));
    }
}
