using System.Net;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Programme.Ambassadors;

/// <summary>The region view: per gemeente its ambassador, whether it was approached, and its application as it stands now.</summary>
public sealed class RegionOverviewTests(TestApp app) : AppTest(app)
{
    private ProgrammeTestData Programme => new(App);

    private async Task<int> AmbassadorWithContactAsync()
    {
        var id = await Programme.ParticipantAsync("Oosterschelderegio", null, ProgrammeTestData.OosterschelderegioCodes, startsOn: null);
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var page = $"/programma/deelnemers/{id}/ambassadeur";
        await manager.PostAsync(page, [new("SinceOn", "2021-06-01")]);
        var logged = await manager.PostAsync($"{page}/contacten", [new("Target", $"{await Programme.MunicipalityIdAsync("GM0718")}"),
            new("ContactedOn", "2023-01-10"), new("Kind", "Overleg"), new("ContactedBy", "Wethouder Goes"), new("Outcome", "Positief"),
            new("NextStep", "Aanvraag voor 1 maart")], tokenFrom: page);
        Assert.Equal(page, logged.RedirectPath);
        return id;
    }

    private static string Cell(AppClient.Page page, string code, string testId) =>
        page.Text($"[data-testid=region] tr[data-gemeente={code}] [data-testid={testId}]");

    [Fact]
    public async Task ApplicationSubmittedByATarget_ShowsLiveWithItsStateAndALinkForTheGrantsOffice()
    {
        var id = await AmbassadorWithContactAsync();
        var (applicationId, _) = await Data.SubmittedApplicationAsync("GM0718"); // Vlissingen applies, through the real app

        using var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        var region = await reviewer.GetAsync("/programma/regio/VR19");

        Assert.Equal(HttpStatusCode.OK, region.Status);
        Assert.Contains("Veiligheidsregio Zeeland", region.Text("h1"));
        var vlissingen = region.Html.QuerySelector("[data-testid=region] tr[data-gemeente=GM0718]")!;
        Assert.Contains("Oosterschelderegio", vlissingen.TextContent);
        Assert.NotNull(vlissingen.QuerySelector($"a[href='/programma/deelnemers/{id}/ambassadeur']"));
        Assert.Equal("Ja, laatst op 10 januari 2023 (Overleg)", Cell(region, "GM0718", "approached"));
        Assert.Contains("Aanvraag voor 1 maart", vlissingen.TextContent);
        Assert.Contains("Ingediend", Cell(region, "GM0718", "applications"));
        Assert.NotNull(vlissingen.QuerySelector($"[data-testid=applications] a[href='/behandeling/{applicationId}']"));
        Assert.Equal("Nog niet", Cell(region, "GM0677", "approached"));
        Assert.Equal("Geen aanvraag", Cell(region, "GM0677", "applications"));
        Assert.Contains("koploper", region.Html.QuerySelector("tr[data-gemeente=GM0664]")!.TextContent);

        // Live: the case moves on, the region view follows without anything copied.
        await reviewer.PostAsync($"/behandeling/{applicationId}/oppakken", [], tokenFrom: $"/behandeling/{applicationId}");
        Assert.Contains("In behandeling", Cell(await reviewer.GetAsync("/programma/regio/VR19"), "GM0718", "applications"));

        // The programmamanager sees the state, but no link into the case file (no access there).
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var managerView = await manager.GetAsync("/programma/regio/vr19");
        Assert.Contains("In behandeling", Cell(managerView, "GM0718", "applications"));
        Assert.Null(managerView.Html.QuerySelector("[data-testid=applications] a"));
    }

    [Fact]
    public async Task Draft_IsNoApplicationYet()
    {
        await AmbassadorWithContactAsync();
        var (gemeente, _) = await Data.CompleteDraftAsync("GM0677");
        gemeente.Dispose();

        using var manager = await Data.SignedInAsync(Roles.Programmamanager);

        Assert.Equal("Geen aanvraag", Cell(await manager.GetAsync("/programma/regio/VR19"), "GM0677", "applications"));
    }

    [Fact]
    public async Task Index_CountsPerRegion()
    {
        await AmbassadorWithContactAsync();
        await Data.SubmittedApplicationAsync("GM0718");
        using var accordeerder = await Data.SignedInAsync(Roles.Accordeerder);

        var index = await accordeerder.GetAsync("/programma/regio");

        Assert.Equal(25, index.Html.QuerySelectorAll("[data-testid=regions] tbody tr").Length);
        var zeeland = index.Html.QuerySelector("tr[data-region=VR19]")!.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Zeeland", "Zeeland", "13", "9", "4", "1", "1"], zeeland);
    }

    [Fact]
    public async Task UnknownRegion_IsNotFound_AndOnlyProgrammeAndGrantsOfficeMayLook()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/programma/regio/VR99")).Status);

        using var beheerder = await Data.SignedInAsync(Roles.Beheerder);
        Assert.Equal("/geen-toegang", (await beheerder.GetAsync("/programma/regio")).RedirectPath);
        Assert.Equal("/geen-toegang", (await beheerder.GetAsync("/programma/regio/VR19")).RedirectPath);
        using var gemeente = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        Assert.Equal("/geen-toegang", (await gemeente.GetAsync("/programma/regio/VR09")).RedirectPath);
    }
}
