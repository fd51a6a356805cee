using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.ReferenceData;

namespace GrantAdmin.Tests.Features.ReferenceData;

/// <summary>The gemeente lists, their regions and the rounds of domain.md §1 and §9, as loaded into the database.</summary>
public sealed class ReferenceDataTests(TestApp app) : AppTest(app)
{
    private sealed record Municipality(string Code, string Name, string Province, string? RegionCode, string? RegionName);

    private const string MunicipalitySql = """
        SELECT m.cbs_code AS Code, m.name, m.province, m.safety_region_code AS RegionCode, m.safety_region_name AS RegionName
        FROM municipalities m
        """;

    private async Task<IReadOnlyList<Municipality>> ListAsync(int year)
    {
        await using var connection = await App.Db.OpenAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<Municipality>(
            MunicipalitySql + " JOIN municipality_lists l ON l.municipality_id = m.id WHERE l.list_year = @year", new { year })).ToList();
    }

    private async Task<Municipality> ByCodeAsync(string code)
    {
        await using var connection = await App.Db.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.QuerySingleAsync<Municipality>(MunicipalitySql + " WHERE m.cbs_code = @code", new { code });
    }

    private async Task<(int Municipalities, int ListEntries, int Rounds)> CountsAsync()
    {
        await using var connection = await App.Db.OpenAsync(TestContext.Current.CancellationToken);
        return (await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM municipalities"),
            await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM municipality_lists"),
            await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM rounds"));
    }

    [Theory]
    [InlineData(2023, 342)]
    [InlineData(2022, 345)]
    public async Task List_HasEveryGemeenteOfItsYear(int year, int count)
    {
        var list = await ListAsync(year);
        Assert.Equal(count, list.Count);
        Assert.Equal(count, list.Select(m => m.Code).Distinct().Count());
    }

    [Fact]
    public async Task Lists_DifferByTheChangesOf2022And2023()
    {
        var only2022 = (await ListAsync(2022)).Select(m => m.Code).Except((await ListAsync(2023)).Select(m => m.Code)).Order();
        var only2023 = (await ListAsync(2023)).Select(m => m.Code).Except((await ListAsync(2022)).Select(m => m.Code));
        Assert.Equal(["GM0457", "GM0501", "GM0530", "GM0614"], only2022); // Weesp, Brielle, Hellevoetsluis, Westvoorne
        Assert.Equal(["GM1992"], only2023);                               // Voorne aan Zee
    }

    [Theory]
    [InlineData("GM0518", "'s-Gravenhage", "Zuid-Holland")]
    [InlineData("GM0796", "'s-Hertogenbosch", "Noord-Brabant")]
    [InlineData("GM1900", "Súdwest-Fryslân", "Fryslân")]
    [InlineData("GM0820", "Nuenen, Gerwen en Nederwetten", "Noord-Brabant")]
    [InlineData("GM0080", "Leeuwarden", "Fryslân")]
    [InlineData("GM1992", "Voorne aan Zee", "Zuid-Holland")]
    [InlineData("GM0457", "Weesp", "Noord-Holland")]
    public async Task Names_ExactAsCbsWritesThem(string code, string name, string province)
    {
        var m = await ByCodeAsync(code);
        Assert.Equal(name, m.Name);
        Assert.Equal(province, m.Province);
    }

    [Fact]
    public async Task Provinces_FryslanNeverFriesland()
    {
        var list = await ListAsync(2023);
        Assert.Equal(18, list.Count(m => m.Province == "Fryslân"));
        Assert.DoesNotContain(list, m => m.Province == "Friesland");
    }

    [Theory]
    [InlineData(2022)]
    [InlineData(2023)]
    public async Task EveryGemeenteOfEitherList_HasAVeiligheidsregio(int year) =>
        Assert.DoesNotContain(await ListAsync(year), m => m.RegionCode is null || m.RegionName is null);

    [Theory]
    [InlineData("GM0457", "GM0363", "VR13", "Amsterdam-Amstelland")] // Weesp → Amsterdam
    [InlineData("GM0501", "GM1992", "VR17", "Rotterdam-Rijnmond")]   // Brielle → Voorne aan Zee
    [InlineData("GM0530", "GM1992", "VR17", "Rotterdam-Rijnmond")]   // Hellevoetsluis → Voorne aan Zee
    [InlineData("GM0614", "GM1992", "VR17", "Rotterdam-Rijnmond")]   // Westvoorne → Voorne aan Zee
    public async Task DissolvedGemeente_TakesItsSuccessorsRegion(string code, string successor, string regionCode, string regionName)
    {
        var dissolved = await ByCodeAsync(code);
        var next = await ByCodeAsync(successor);
        Assert.Equal((regionCode, regionName), (dissolved.RegionCode, dissolved.RegionName));
        Assert.Equal((next.RegionCode, next.RegionName), (dissolved.RegionCode, dissolved.RegionName));
    }

    [Fact]
    public async Task Veiligheidsregios_TwentyFiveInAll() =>
        Assert.Equal(25, (await ListAsync(2023)).Select(m => m.RegionCode).Distinct().Count());

    [Fact]
    public async Task LoadingAgain_ChangesNoCounts()
    {
        var before = await CountsAsync();
        using var scope = App.Services.CreateScope();
        var loader = scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>();
        await loader.LoadAsync(TestContext.Current.CancellationToken);
        await loader.LoadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(before, await CountsAsync());
        // 341 gemeenten in both lists, 4 only in 2022, 1 only in 2023; 342 + 345 list entries; 4 rounds.
        Assert.Equal((346, 687, 4), before);
    }

    [Fact]
    public async Task Rounds_FourWithTheWindowsCeilingsAndLimitsOfTheDomain()
    {
        await using var connection = await App.Db.OpenAsync(TestContext.Current.CancellationToken);
        var rounds = (await connection.QueryAsync<Round>($"SELECT {Round.Columns} FROM rounds r ORDER BY r.closes_on")).ToList();

        Assert.Equal(["2021", "2022", "2022-najaar", "2023"], rounds.Select(r => r.Code));
        // Round 2021: the opening day is unconfirmed, only that it lies after 26 Oct 2021.
        Assert.True(rounds[0].OpensOn > new DateOnly(2021, 10, 26));
        Assert.Equal(
            [
                (new DateOnly(2021, 11, 15), 50_000_000L),
                (new DateOnly(2022, 4, 29), 125_000_000L),
                (new DateOnly(2022, 10, 14), 100_000_000L),
                (new DateOnly(2023, 4, 28), 125_000_000L),
            ],
            rounds.Select(r => (r.ClosesOn, r.CeilingCents)));
        Assert.Equal([new DateOnly(2022, 1, 1), new DateOnly(2022, 9, 1), new DateOnly(2023, 1, 1)], rounds.Skip(1).Select(r => r.OpensOn));
        Assert.All(rounds, r =>
        {
            Assert.Equal(5_000_000L, r.MaxPerApplicantCents);
            Assert.True(r.OneGrantPerApplicant);
            Assert.Equal((new DateOnly(2021, 11, 1), new DateOnly(2024, 6, 30)), (r.ActivitiesFrom, r.ActivitiesUntil));
            Assert.False(r.IsDemo);
        });
        Assert.Equal([2022, 2022, 2023], rounds.Skip(1).Select(r => r.MunicipalityListYear));
    }
}
