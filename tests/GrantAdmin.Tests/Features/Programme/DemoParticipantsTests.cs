using Dapper;
using GrantAdmin.Tests.Features.Demo;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Demo;
using GrantAdmin.Web.Features.Programme.Participants;

namespace GrantAdmin.Tests.Features.Programme;

/// <summary>Development: demo participants fill the programme to 113 gemeenten, every one marked, none mixed with the real ones.</summary>
[Collection(DevelopmentCollection.Name)]
public sealed class DemoParticipantsTests(DevelopmentApp app)
{
    private sealed record Row(string Name, bool IsDemo, string? SeedKey, string? Source, string? CohortKey);

    [Fact]
    public async Task Programme_Holds113Gemeenten_OverTheFiveIntakes()
    {
        await using var connection = await app.Db.OpenAsync(TestContext.Current.CancellationToken);

        Assert.Equal(113, await connection.QuerySingleAsync<int>("SELECT COUNT(DISTINCT municipality_id) FROM programme_participant_members"));
        var perCohort = (await connection.QueryAsync<(string Key, int Gemeenten)>("""
            SELECT c.seed_key, COUNT(DISTINCT pm.municipality_id) FROM programme_cohorts c
            JOIN programme_participants p ON p.cohort_id = c.id JOIN programme_participant_members pm ON pm.participant_id = p.id
            WHERE p.is_demo = 1 GROUP BY c.seed_key ORDER BY c.seed_key
            """)).ToDictionary(x => x.Key, x => x.Gemeenten);
        Assert.Equal(new Dictionary<string, int> { ["lichting-2017"] = 1, ["lichting-2019-najaar"] = 25, ["lichting-2020-03"] = 26, ["lichting-2021-02"] = 20 }, perCohort);
        Assert.Equal(113, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM municipalities WHERE is_koploper = 1"));
    }

    [Fact]
    public async Task DemoParticipants_AreMarked_AndLeaveTheRealOnesAlone()
    {
        await using var connection = await app.Db.OpenAsync(TestContext.Current.CancellationToken);
        var rows = (await connection.QueryAsync<Row>("""
            SELECT p.name, p.is_demo AS IsDemo, p.seed_key AS SeedKey, p.source, c.seed_key AS CohortKey
            FROM programme_participants p LEFT JOIN programme_cohorts c ON c.id = p.cohort_id
            """)).ToList();

        var demo = rows.Where(r => r.IsDemo).ToList();
        Assert.NotEmpty(demo);
        Assert.All(demo, r => Assert.StartsWith(DemoParticipants.KeyPrefix, r.SeedKey));
        Assert.All(demo, r => Assert.StartsWith("DEMO", r.Source));
        Assert.All(demo, r => Assert.NotNull(r.CohortKey));
        Assert.Equal(36, rows.Count(r => !r.IsDemo));
        Assert.All(rows.Where(r => !r.IsDemo), r => Assert.StartsWith(KoploperSeed.KeyPrefix, r.SeedKey));
        Assert.Equal(0, await connection.QuerySingleAsync<int>("""
            SELECT COUNT(*) FROM programme_participant_members d JOIN programme_participants dp ON dp.id = d.participant_id AND dp.is_demo = 1
            WHERE d.municipality_id IN (SELECT r.municipality_id FROM programme_participant_members r
                                        JOIN programme_participants rp ON rp.id = r.participant_id AND rp.is_demo = 0)
            """));
        // Twente's gemeenten stay free for the real Regio Twente, whose members the source does not name.
        Assert.Equal(0, await connection.QuerySingleAsync<int>("""
            SELECT COUNT(*) FROM programme_participant_members pm JOIN municipalities m ON m.id = pm.municipality_id
            JOIN programme_participants p ON p.id = pm.participant_id WHERE p.is_demo = 1 AND m.safety_region_code = 'VR05'
            """));
    }

    [Fact]
    public async Task EveryList_ShowsTheDemoBadge_OnEveryDemoParticipant()
    {
        var client = app.Client();
        await client.LoginAsync("programmamanager@vws.demo", DemoData.Password);
        await using var connection = await app.Db.OpenAsync(TestContext.Current.CancellationToken);
        var cohortIds = await connection.QueryAsync<int>("SELECT id FROM programme_cohorts");

        var overview = await client.GetAsync("/programma");
        Assert.Contains("113", overview.Text("[data-testid=totals]"));
        foreach (var id in cohortIds)
        {
            var page = await client.GetAsync($"/programma/lichtingen/{id}");
            foreach (var row in page.Html.QuerySelectorAll("[data-testid=participant]"))
                Assert.Equal(row.GetAttribute("data-demo") == "true", row.QuerySelector("[data-testid=demo]") is not null);
        }
        var demoId = await connection.QuerySingleAsync<int>("SELECT MIN(id) FROM programme_participants WHERE is_demo = 1");
        var participant = await client.GetAsync($"/programma/deelnemers/{demoId}");
        Assert.NotNull(participant.Html.QuerySelector("[data-testid=demo-notice]"));
    }

    [Fact]
    public async Task SeedingAgain_AddsNoDemoParticipants()
    {
        await using var connection = await app.Db.OpenAsync(TestContext.Current.CancellationToken);
        var before = await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM programme_participants");

        await new DemoParticipants(app.Db, TimeProvider.System).SeedAsync(TestContext.Current.CancellationToken);

        Assert.Equal(before, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM programme_participants"));
    }
}
