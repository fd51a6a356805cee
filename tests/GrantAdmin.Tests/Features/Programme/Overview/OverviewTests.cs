using Dapper;
using System.Net;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using static GrantAdmin.Tests.Features.Programme.Overview.OverviewScenario;

namespace GrantAdmin.Tests.Features.Programme.Overview;

/// <summary>The country overview: every gemeente, counted per province, filtered, with the programme and the uitkering side by side.</summary>
public sealed class OverviewTests(TestApp app) : AppTest(app)
{
    private const string Url = "/programma/overzicht";

    /// <summary>The 2023 gemeenten of the reference data file: code → (name, province).</summary>
    private static Dictionary<string, (string Name, string Province)> Gemeenten2023()
    {
        using var reader = CsvHelper.CsvReader.Create(File.ReadAllBytes(Path.Combine(RepoPaths.ReferenceData, "gemeenten-2023.csv")), null);
        var rows = new Dictionary<string, (string, string)>();
        while (reader.Read()) rows.Add(reader.GetString("code"), (reader.GetString("name"), reader.GetString("province")));
        return rows;
    }

    private static HashSet<string> KoploperNames()
    {
        using var reader = CsvHelper.CsvReader.Create(File.ReadAllBytes(Path.Combine(RepoPaths.ReferenceData, "koplopers.csv")), null);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) names.Add(reader.GetString("name"));
        return names;
    }

    private async Task<AppClient.Page> OverviewAsync(string query = "", string role = Roles.Programmamanager)
    {
        using var client = await Data.SignedInAsync(role);
        return await client.GetAsync(Url + query);
    }

    private async Task<IReadOnlyList<AppClient.Page>> AllPagesAsync(string query = "", string role = Roles.Programmamanager)
    {
        using var client = await Data.SignedInAsync(role);
        return await OverviewScenario.AllPagesAsync(client, Url + query);
    }

    [Fact]
    public async Task Overview_ShowsEveryGemeenteOf2023_CountedPerProvinceAsTheDataFiles()
    {
        var gemeenten = Gemeenten2023();
        var koplopers = KoploperNames();

        var pages = await AllPagesAsync();
        var page = pages[0];

        Assert.All(pages, p => Assert.Equal(HttpStatusCode.OK, p.Status));
        Assert.Equal(342, gemeenten.Count);
        var expected = new Dictionary<string, int>
        {
            ["Noord-Brabant"] = 56, ["Gelderland"] = 51, ["Zuid-Holland"] = 50, ["Noord-Holland"] = 44, ["Limburg"] = 31, ["Utrecht"] = 26,
            ["Overijssel"] = 25, ["Fryslân"] = 18, ["Zeeland"] = 13, ["Drenthe"] = 12, ["Groningen"] = 10, ["Flevoland"] = 6,
        };
        Assert.Equal(expected.OrderBy(e => e.Key), gemeenten.Values.GroupBy(g => g.Province).ToDictionary(g => g.Key, g => g.Count()).OrderBy(e => e.Key));
        var counts = ProvinceCounts(page);
        foreach (var (province, count) in expected)
        {
            var koplopersThere = gemeenten.Values.Count(g => g.Province == province && koplopers.Contains(g.Name));
            Assert.Equal([count, koplopersThere, 0, 0, 0], counts[province]);
        }
        Assert.Equal(342, counts["Totaal"][0]);
        Assert.Equal(18, pages.Count);
        Assert.All(pages, p => Assert.InRange(GemeenteRows(p).Count, 1, 20));
        Assert.Equal(gemeenten.Keys.Order(StringComparer.Ordinal), pages.SelectMany(GemeenteRows).Select(r => r.GetAttribute("data-code")!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Filter_ByProvince_ShowsOnlyItsGemeenten()
    {
        var zeeland = Gemeenten2023().Where(g => g.Value.Province == "Zeeland").Select(g => g.Key).Order(StringComparer.Ordinal).ToList();

        var page = await OverviewAsync("?provincie=Zeeland");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(13, zeeland.Count);
        Assert.Equal(zeeland, GemeenteRows(page).Select(r => r.GetAttribute("data-code")!).Order(StringComparer.Ordinal));
        Assert.Equal(["Totaal", "Zeeland"], ProvinceCounts(page).Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Zeeland", page.Html.QuerySelector("#f-provincie option[selected]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task Filter_BySafetyRegion_ShowsOnlyItsGemeenten()
    {
        var pages = await AllPagesAsync("?veiligheidsregio=VR09");
        var page = pages[0];

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(26, pages.Sum(p => GemeenteRows(p).Count)); // the pagination links keep the filter
        Assert.Equal([26, ProvinceCounts(page)["Utrecht"][1], 0, 0, 0], ProvinceCounts(page)["Utrecht"]);
        Assert.Equal(["Totaal", "Utrecht"], ProvinceCounts(page).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Paging_ShowsTwentyAtATime_KeepsTheFilter_AndMarksTheCurrentPage()
    {
        var page = await OverviewAsync("?veiligheidsregio=VR09&pagina=2");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(6, GemeenteRows(page).Count);
        Assert.Equal("Gemeenten 21 tot en met 26 van 26", page.Html.QuerySelector("[data-testid=pagination-status]")!.TextContent.Trim());
        var pagination = page.Html.QuerySelector("nav[data-testid=pagination]")!;
        Assert.Equal("2", pagination.QuerySelector("a[aria-current=page]")!.TextContent);
        Assert.Equal(Url + "?veiligheidsregio=VR09&pagina=1#gemeenten-titel", pagination.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Null(pagination.QuerySelector("a[rel=next]"));
        // The counts and the download cover the whole selection, not the page.
        Assert.Equal(26, ProvinceCounts(page)["Totaal"][0]);
        Assert.Contains(page.Html.QuerySelectorAll("[data-testid=downloads] a"), a => a.GetAttribute("href") == Url + "/export/dekking.csv?veiligheidsregio=VR09");
    }

    [Fact]
    public async Task KeyFigures_ComeBeforeTheChartsAndTheTable_AndAreTheTotals()
    {
        var page = await OverviewAsync("?provincie=Zeeland");

        var figures = page.Html.QuerySelector("[data-testid=key-figures]")!;
        Assert.Equal("13", figures.QuerySelector("dd[data-col=gemeenten]")!.TextContent);
        Assert.Equal(ProvinceCounts(page)["Totaal"][1].ToString(System.Globalization.CultureInfo.InvariantCulture), figures.QuerySelector("dd[data-col=koplopers]")!.TextContent);
        var order = page.Html.QuerySelectorAll("main form, [data-testid=key-figures], figure, [data-testid=gemeenten]").Select(e => e.LocalName).ToList();
        Assert.Equal(["form", "dl"], order.Take(2));
        Assert.Equal("table", order[^1]);
    }

    [Theory]
    [InlineData("?pagina=abc", 1)]
    [InlineData("?pagina=0", 1)]
    [InlineData("?pagina=-4", 1)]
    [InlineData("?pagina=2.5", 1)]
    [InlineData("?pagina=18", 18)]
    [InlineData("?pagina=19", 18)]
    [InlineData("?pagina=99999999999", 18)]
    [InlineData("?pagina=99999999999999999999999999", 1)]
    [InlineData("?pagina=%27%20OR%201%3D1&pagina=3", 1)]
    [InlineData("?provincie=Zeeland&pagina=5", 1)]
    public async Task BadPageNumber_LandsOnARealPage_NeverAnError(string query, int expected)
    {
        var page = await OverviewAsync(query);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotEmpty(GemeenteRows(page));
        Assert.Empty(page.ErrorSummary);
        Assert.Equal($"{expected}", page.Html.QuerySelector("nav[data-testid=pagination] a[aria-current=page]")?.TextContent ?? "1");
    }

    [Theory]
    [InlineData("?provincie=Friesland", "Kies een provincie uit de lijst.")]
    [InlineData("?provincie=Zeeland%27%20OR%201%3D1", "Kies een provincie uit de lijst.")]
    [InlineData("?veiligheidsregio=VR99", "Kies een veiligheidsregio uit de lijst.")]
    public async Task Filter_UnknownValue_IsRefusedWithAMessageAndShowsTheCountry(string query, string message)
    {
        var page = await OverviewAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal([message], page.ErrorSummary);
        Assert.Equal("Gemeenten 1 tot en met 20 van 342", page.Html.QuerySelector("[data-testid=pagination-status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task ProgrammeRowsAndApplications_AreShownPerGemeenteAndCountedPerProvince()
    {
        var before = ProvinceCounts(await OverviewAsync());
        await ArrangeAsync(App, Data);
        var rows = new ProgrammeTestData(App);
        var cohort = await rows.CohortAsync("Lichting 3 (najaar 2019)", "2019-10-01", intendedSize: null);
        await rows.ParticipantAsync("Brielle", cohort, ["Brielle"], startsOn: null);
        await using var merged = await rows.MergeAsync("Brielle", "Voorne aan Zee");

        var pages = await AllPagesAsync(role: Roles.Behandelaar);

        Assert.Equal(HttpStatusCode.OK, pages[0].Status);
        var after = ProvinceCounts(pages[0]);
        // Utrecht joins (demo cohort), is applied for and granted; Zeist (Utrecht) is covered.
        Assert.Equal([26, before["Utrecht"][1] + 1, 1, 1, 1], after["Utrecht"]);
        // Vlissingen and Terneuzen are covered; Goes and Kapelle were koplopers already (koplopers.csv).
        Assert.Equal([13, before["Zeeland"][1], 2, 0, 0], after["Zeeland"]);
        Assert.Equal([10, before["Groningen"][1], 0, 1, 0], after["Groningen"]);
        // Brielle's participation shows under Voorne aan Zee, the gemeente it merged into.
        Assert.Equal(before["Zuid-Holland"][1] + 1, after["Zuid-Holland"][1]);
        Assert.Equal([342, before["Totaal"][1] + 2, 3, 2, 1], after["Totaal"]);

        Assert.StartsWith("ja", Cell(pages, "GM0344", "koploper"));
        Assert.Contains($"{DemoCohort} (demo)", Cell(pages, "GM0344", "koploper"));
        Assert.Contains("Tijdvak 2023: Verleend", Cell(pages, "GM0344", "aanvragen"));
        Assert.Equal("€ 50.000,00", Cell(pages, "GM0344", "verleend"));
        Assert.Contains(Cohort, Cell(pages, TestData.Goes, "koploper"));
        Assert.DoesNotContain("(demo)", Cell(pages, TestData.Goes, "koploper"));
        Assert.Equal("Oosterschelderegio", Cell(pages, "GM0718", "ambassadeur")); // Vlissingen
        Assert.Contains("Tijdvak 2023: Ingediend", Cell(pages, TestData.Groningen, "aanvragen"));
        Assert.Equal("—", Cell(pages, TestData.Groningen, "verleend"));
        Assert.Contains("(als Brielle)", Cell(pages, "GM1992", "koploper")); // Voorne aan Zee
    }

    /// <summary>
    /// The overview and the region pages read only the applications of the gemeenten they show (issue 16): an application of
    /// a gemeente on no list and in no region (as the load-test database's queue round) changes no figure, while one of a
    /// gemeente merged into a listed one still counts for that one.
    /// </summary>
    [Fact]
    public async Task ApplicationOfAGemeenteOffTheList_ChangesNoFigure_OneOfAMergedGemeente_CountsForItsHome()
    {
        await ArrangeAsync(App, Data);
        var rows = new ProgrammeTestData(App);
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        async Task<string> FiguresAsync() => string.Join("\n",
            string.Join(";", ProvinceCounts(await manager.GetAsync(Url)).Select(p => $"{p.Key}={string.Join(",", p.Value)}")),
            (await manager.GetAsync("/programma/regio")).Text("[data-testid=regions]"),
            (await manager.GetAsync("/programma/regio/VR19")).Text("[data-testid=region]"),
            (await manager.GetAsync("/programma/regio/VR17")).Text("[data-testid=region]"));
        var before = await FiguresAsync();

        var vlissingen = await rows.MunicipalityIdAsync("GM0718");
        var (applicationId, _) = await Data.SubmittedApplicationAsync("GM0718");
        await using var merged = await rows.MergeAsync("Brielle", "Voorne aan Zee");
        await using var connection = await App.Db.OpenAsync();
        var outsider = await connection.ExecuteScalarAsync<int>(
            "INSERT INTO municipalities (cbs_code, name, province) VALUES ('LT9001', 'Belastinggemeente 9001', 'Zeeland')" + App.Db.Dialect.SelectInsertedIdSuffix);
        const string MoveSql = "UPDATE applications SET municipality_id = @to WHERE id = @applicationId";
        try
        {
            await connection.ExecuteAsync(MoveSql, new { to = outsider, applicationId });
            Assert.Equal(before, await FiguresAsync());

            await connection.ExecuteAsync(MoveSql, new { to = await rows.MunicipalityIdAsync("Brielle"), applicationId });
            var pages = await OverviewScenario.AllPagesAsync(manager, Url);
            Assert.Contains("Brielle", Cell(pages, "GM1992", "aanvragen"));
            Assert.Equal(1, ProvinceCounts(pages[0])["Zuid-Holland"][3]);
            var region = await manager.GetAsync("/programma/regio/VR17");
            Assert.Contains("Ingediend", region.Text("[data-testid=region] tr[data-gemeente=GM1992] [data-testid=applications]"));
        }
        finally
        {
            // The gemeente tables survive the reset between tests: the application goes back before its gemeente goes.
            await connection.ExecuteAsync(MoveSql, new { to = vlissingen, applicationId });
            await connection.ExecuteAsync("DELETE FROM municipalities WHERE id = @outsider", new { outsider });
        }
    }

    [Fact]
    public async Task Charts_DrawBarsAndPointsFromTheData_WithTitleDescriptionAndTable()
    {
        await ArrangeAsync(App, Data);

        var page = await OverviewAsync();

        var coverage = page.Html.QuerySelector("#dekking-per-provincie svg")!;
        Assert.Equal("img", coverage.GetAttribute("role"));
        Assert.Equal("Gedekt door een ambassadeur, per provincie", coverage.QuerySelector("title")!.TextContent);
        Assert.False(string.IsNullOrWhiteSpace(coverage.QuerySelector("desc")!.TextContent));
        var bars = coverage.QuerySelectorAll("rect.bar").ToDictionary(b => b.GetAttribute("data-label")!, b => b.GetAttribute("data-value"));
        Assert.Equal(12, bars.Count);
        Assert.Equal("2", bars["Zeeland"]);
        Assert.Equal("1", bars["Utrecht"]);
        Assert.Equal("0", bars["Limburg"]);
        Assert.NotNull(page.Html.QuerySelector("table[data-chart-table=dekking-per-provincie]"));

        var burnUp = page.Html.QuerySelector("#burnup-2023 svg")!;
        string[] Values(string series) => burnUp.QuerySelectorAll($"g[data-series={series}] circle.point").Select(c => c.GetAttribute("data-value")!).ToArray();
        string[] Days(string series) => burnUp.QuerySelectorAll($"g[data-series={series}] circle.point").Select(c => c.GetAttribute("data-day")!).ToArray();
        Assert.Equal(["2023-02-01", "2023-02-02"], Days("Plafond"));
        Assert.Equal(["1250000", "1250000"], Values("Plafond"));
        Assert.Equal(["50000", "50000"], Values("Verleend"));
        Assert.Equal(["0", "0"], Values("Gereserveerd"));

        var received = page.Html.QuerySelectorAll("#ontvangen-2023 svg rect.bar").Select(b => b.GetAttribute("data-value")).ToList();
        Assert.Equal(["1", "1"], received);

        var checklist = page.Html.QuerySelector("#checklist-per-lichting svg")!;
        var points = checklist.QuerySelectorAll("circle.point").Select(c => (c.Closest("g")!.GetAttribute("data-series"), c.GetAttribute("data-day"), c.GetAttribute("data-value"))).ToList();
        Assert.Equal([(Cohort, "2022-01-15", "2"), (Cohort, "2022-12-15", "3")], points);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?ronde=2023")]
    [InlineData("?ronde=bestaat-niet")]
    [InlineData("?ronde=2021")]
    public async Task Charts_ShowOneRoundWithData_TheNewestUnlessAnotherIsChosen(string query)
    {
        await ArrangeAsync(App, Data);

        var page = await OverviewAsync(query);

        // Only round 2023 has applications here: an unknown round, or one without data, falls back to it, never an error.
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Single(page.Html.QuerySelectorAll("figure[id^=burnup-]"));
        Assert.NotNull(page.Html.QuerySelector("#burnup-2023 svg"));
        var choices = page.Html.QuerySelectorAll("#f-ronde option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains("2023", choices);
        Assert.DoesNotContain("2021", choices);
        Assert.Equal("2023", page.Html.QuerySelector("#f-ronde option[selected]")?.GetAttribute("value"));
    }

    public static TheoryData<string, string?> Refused() => new()
    {
        { Roles.Beheerder, null },
        { Roles.Invuller, TestData.Utrecht },
        { Roles.Tekenbevoegde, TestData.Utrecht },
    };

    [Theory, MemberData(nameof(Refused))]
    public async Task OtherRoles_AreRefusedTheOverviewAndItsDownloads_AndNothingIsAudited(string role, string? municipality)
    {
        using var client = await Data.SignedInAsync(role, municipality);

        foreach (var url in new[] { Url, Url + "/export/dekking.csv", Url + "/export/deelnemers.xlsx", Url + "/open-data/360giving.json" })
        {
            var response = await client.Http.GetAsync(url);
            Assert.Equal("/geen-toegang", AppClient.RedirectPathOf(response));
        }
        Assert.Equal(0, await OverviewExportTests.AuditCountAsync(App, "ProgrammaGeexporteerd") + await OverviewExportTests.AuditCountAsync(App, "OpenDataGeexporteerd"));
    }

    [Fact]
    public async Task Overview_IsReadOnly_NoFormPostsAnything()
    {
        var page = await OverviewAsync();

        Assert.NotEmpty(page.Html.QuerySelectorAll("main form"));
        Assert.All(page.Html.QuerySelectorAll("main form"), f => Assert.Equal("get", f.GetAttribute("method")));
    }

    [Theory]
    [InlineData(Roles.Programmamanager, true)]
    [InlineData(Roles.Accordeerder, true)]
    [InlineData(Roles.Beheerder, false)]
    public async Task Navigation_LinksTheOverview_OnlyForItsReaders(string role, bool linked)
    {
        using var client = await Data.SignedInAsync(role);

        var page = await client.GetAsync("/wachtwoord");

        Assert.Equal(linked, page.Html.QuerySelectorAll("nav a").Any(a => a.GetAttribute("href") == Url && a.TextContent == "Landelijk overzicht"));
    }
}
