using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Programme.Cohorts;
using GrantAdmin.Web.Features.Programme.Participants;
using GrantAdmin.Web.Features.ReferenceData;

namespace GrantAdmin.Tests.Features.Programme;

/// <summary>The lichtingen and the known participants, as the reference-data load puts them in every environment.</summary>
public sealed class KoploperSeedTests(TestApp app) : AppTest(app)
{
    private sealed record Seeded(int Id, string Name, string Kind, string? CohortKey, string? CohortNote, string? Source,
        bool MembersUnknown, bool IsUnverified, bool IsDemo, DateOnly? StartsOn);

    private const string SeededSql = """
        SELECT p.id, p.name, p.kind, c.seed_key AS CohortKey, p.cohort_note AS CohortNote, p.source, p.members_unknown AS MembersUnknown,
               p.is_unverified AS IsUnverified, p.is_demo AS IsDemo, p.starts_on AS StartsOn
        FROM programme_participants p LEFT JOIN programme_cohorts c ON c.id = p.cohort_id
        """;

    private static readonly IReadOnlyList<Dictionary<string, string>> Rows = ReferenceDataLoader.ReadCsv("koplopers.csv");

    private async Task<List<Seeded>> ParticipantsAsync()
    {
        await using var connection = await App.Db.OpenAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<Seeded>(SeededSql)).ToList();
    }

    private async Task<List<string>> MembersAsync(int participantId)
    {
        await using var connection = await App.Db.OpenAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<string>(
            "SELECT m.name FROM programme_participant_members pm JOIN municipalities m ON m.id = pm.municipality_id WHERE pm.participant_id = @participantId ORDER BY m.name",
            new { participantId })).ToList();
    }

    [Fact]
    public async Task Lichtingen_TheFiveIntakes_WithSizesOnlyWhereASourceGivesThem()
    {
        await using var connection = await App.Db.OpenAsync(TestContext.Current.CancellationToken);
        var cohorts = (await connection.QueryAsync<(string Key, int? Size, string Description)>(
            "SELECT seed_key, intended_size, description FROM programme_cohorts ORDER BY id")).ToList();

        Assert.Equal([CohortSeed.First, CohortSeed.Second, CohortSeed.Third, CohortSeed.Fourth, CohortSeed.Fifth], cohorts.Select(c => c.Key));
        Assert.Equal([14, 14, 25, null, null], cohorts.Select(c => c.Size));
        Assert.All(cohorts.Skip(3), c => Assert.Contains("Geen bron noemt de omvang", c.Description));
    }

    [Fact]
    public async Task EveryRowOfKoplopersCsv_IsThere_WithItsSourceAndWhatItSaysAboutTheLichting()
    {
        var participants = await ParticipantsAsync();
        Assert.All(participants, p => Assert.False(p.IsDemo));

        foreach (var row in Rows)
        {
            var holder = participants.SingleOrDefault(p => p.Name == row["name"])
                ?? participants.Single(p => p.Name == row["region"]);
            Assert.Contains(row["source"], holder.Source);
            Assert.Contains(row["cohort_or_start"], holder.CohortNote);
            if (holder.Kind == "Gemeente") Assert.Equal([row["name"]], await MembersAsync(holder.Id));
            Assert.Equal(row["source"].StartsWith("UNVERIFIED", StringComparison.Ordinal), holder.IsUnverified);
        }
        // 42 rows: 7 Oosterschelde gemeenten form one region; every other row is one participant.
        Assert.Equal(36, participants.Count);
    }

    [Fact]
    public async Task NoLichting_IsInvented_OnlyTheInferredAndTheDatedOnesHaveOne()
    {
        var withCohort = (await ParticipantsAsync()).Where(p => p.CohortKey is not null).OrderBy(p => p.Name).ToList();

        Assert.Equal([("Oosterschelderegio", CohortSeed.Second), ("Westerveld", CohortSeed.Fifth)], withCohort.Select(p => (p.Name, p.CohortKey!)));
        Assert.Equal(new DateOnly(2021, 3, 2), withCohort[1].StartsOn);
        Assert.Null(withCohort[0].StartsOn); // "started in 2019": no day is known
    }

    [Fact]
    public async Task Oosterschelderegio_IsOneRegion_WithItsSevenGemeenten()
    {
        var region = (await ParticipantsAsync()).Single(p => p.Name == "Oosterschelderegio");

        Assert.Equal("Regio", region.Kind);
        Assert.Contains("cohort 2 inferred", region.CohortNote);
        Assert.Equal(["Borsele", "Goes", "Kapelle", "Noord-Beveland", "Reimerswaal", "Schouwen-Duiveland", "Tholen"], await MembersAsync(region.Id));
    }

    [Fact]
    public async Task RegioTwente_IsARegion_WhoseMembersTheSourceDoesNotName()
    {
        var twente = (await ParticipantsAsync()).Single(p => p.Name == "Regio Twente");

        Assert.Equal("Regio", twente.Kind);
        Assert.True(twente.MembersUnknown);
        Assert.Null(twente.CohortKey);
        Assert.Contains("member municipalities not verified", twente.CohortNote);
        Assert.Empty(await MembersAsync(twente.Id));
    }

    [Fact]
    public async Task Unverified_AreTheSevenOnlyInOurOwnDocuments()
    {
        var unverified = (await ParticipantsAsync()).Where(p => p.IsUnverified).Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(["De Fryske Marren", "Middelburg", "Midden-Drenthe", "Ooststellingwerf", "Opsterland", "Pekela", "Veere"], unverified);
    }

    [Fact]
    public async Task IsKoploper_IsExactlyTheMembers()
    {
        await using var connection = await App.Db.OpenAsync(TestContext.Current.CancellationToken);
        var flagged = (await connection.QueryAsync<string>("SELECT name FROM municipalities WHERE is_koploper = 1")).Order(StringComparer.Ordinal);
        var expected = Rows.Where(r => r["name"] != "Regio Twente").Select(r => r["name"]).Order(StringComparer.Ordinal);

        Assert.Equal(expected, flagged);
        Assert.Equal(41, flagged.Count());
    }

    [Fact]
    public async Task LoadingAgain_AddsNothing_AndKeepsWhatTheProgrammamanagerChanged()
    {
        await using var connection = await App.Db.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync("UPDATE programme_participants SET name = 'Gemeente Alkmaar' WHERE name = 'Alkmaar'");
        await connection.ExecuteAsync("UPDATE programme_cohorts SET name = 'Eerste lichting' WHERE seed_key = @key", new { key = CohortSeed.First });

        using var scope = App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(36, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM programme_participants"));
        Assert.Equal(5, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM programme_cohorts"));
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM programme_participants WHERE name = 'Gemeente Alkmaar'"));
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM programme_cohorts WHERE name = 'Eerste lichting'"));
    }

    [Theory]
    [InlineData("GM0457", "Amsterdam")]      // Weesp, 24 March 2022
    [InlineData("GM0501", "Voorne aan Zee")] // Brielle, 1 Jan 2023
    [InlineData("GM0530", "Voorne aan Zee")] // Hellevoetsluis
    [InlineData("GM0614", "Voorne aan Zee")] // Westvoorne
    public async Task MergedGemeente_PointsAtTheOneItMergedInto_AndIsShownUnderItsName(string code, string shownAs)
    {
        await using var connection = await App.Db.OpenAsync(TestContext.Current.CancellationToken);
        var shown = await connection.QuerySingleAsync<string>(
            $"SELECT {MunicipalityName.Display} FROM municipalities m {MunicipalityName.JoinMergedInto} WHERE m.cbs_code = @code", new { code });

        Assert.Equal(shownAs, shown);
        Assert.Equal(4, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM municipalities WHERE merged_into_id IS NOT NULL"));
    }
}
