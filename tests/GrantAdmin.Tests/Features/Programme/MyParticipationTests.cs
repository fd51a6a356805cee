using System.Net;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Programme.Cohorts;
using static GrantAdmin.Tests.Features.Programme.ProgrammeTestData;

namespace GrantAdmin.Tests.Features.Programme;

/// <summary>/mijn-deelname: a gemeente sees its own participation(s) and nothing else.</summary>
public sealed class MyParticipationTests(TestApp app) : AppTest(app)
{
    [Theory]
    [InlineData(Roles.Tekenbevoegde)]
    [InlineData(Roles.Invuller)]
    public async Task Koploper_SeesItsRegion_WithLinksToProgressAndContacts(string role)
    {
        using var goes = await Data.SignedInAsync(role, TestData.Goes);
        var id = await ParticipantIdAsync(App, "Oosterschelderegio");

        var page = await goes.GetAsync("/mijn-deelname");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Oosterschelderegio", Assert.Single(page.Html.QuerySelectorAll("[data-testid=participation-name]")).TextContent.Trim());
        Assert.Equal(7, page.Html.QuerySelectorAll("[data-testid=member]").Length);
        var links = page.Html.QuerySelectorAll("[data-testid=my-nav] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/mijn-deelname/voortgang", links);
        Assert.Contains("/mijn-deelname/contacten", links);
        Assert.Equal(HttpStatusCode.OK, (await goes.GetAsync($"/mijn-deelname/{id}")).Status);
    }

    [Fact]
    public async Task AnotherParticipant_DoesNotExistForAGemeente()
    {
        using var goes = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Goes);
        var alkmaar = await ParticipantIdAsync(App, "Alkmaar");

        Assert.Equal(HttpStatusCode.NotFound, (await goes.GetAsync($"/mijn-deelname/{alkmaar}")).Status);
        Assert.Equal("/geen-toegang", AppClient.RedirectPathOf((await goes.GetAsync($"/programma/deelnemers/{alkmaar}")).Response));
        Assert.Equal("/geen-toegang", AppClient.RedirectPathOf((await goes.GetAsync("/programma")).Response));
    }

    [Fact]
    public async Task GemeenteOutsideTheProgramme_IsToldSo()
    {
        using var utrecht = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht);

        var page = await utrecht.GetAsync("/mijn-deelname");

        Assert.Contains("doet (nog) niet mee", page.Text("[data-testid=no-participation]"));
    }

    [Fact]
    public async Task GemeenteThatAGemeenteMergedInto_SeesThatParticipation_UnderItsOwnName()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        await manager.PostAsync("/programma/deelnemers/nieuw", GemeenteForm("Brielle", (await CohortIdAsync(App, CohortSeed.Third)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var voorne = await Data.SignedInAsync(Roles.Tekenbevoegde, "GM1992");

        var page = await voorne.GetAsync("/mijn-deelname");

        Assert.Equal("Voorne aan Zee", Assert.Single(page.Html.QuerySelectorAll("[data-testid=participation-name]")).TextContent.Trim());
        Assert.Contains("deed mee als Brielle", page.Text("[data-testid=member]"));
    }
}
