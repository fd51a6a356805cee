using AngleSharp.Dom;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Shared;

public sealed class MenuTests(TestApp app) : AppTest(app)
{
    [Fact]
    public async Task GrantsOfficeMenu_IsGroupedByKindOfWork()
    {
        using var client = await Data.SignedInAsync(Roles.Behandelaar);

        var page = await client.GetAsync("/behandeling");

        var groups = page.Html.QuerySelectorAll("nav[aria-label=Hoofdmenu] .nav-group").Select(g => (
            Title: g.QuerySelector(".nav-group-title")?.TextContent.Trim(),
            Labelled: g.QuerySelector("ul")?.GetAttribute("aria-labelledby") == g.QuerySelector(".nav-group-title")?.Id,
            Entries: g.QuerySelectorAll("ul li").Select(li => li.TextContent.Trim()).ToList())).ToList();
        Assert.Equal(["Behandeling", "Koploperprogramma", "Algemeen"], groups.Select(g => g.Title));
        Assert.All(groups, g => Assert.True(g.Labelled));
        Assert.Equal(["Werkvoorraad", "Verzenden", "Bezwaren", "Betalingen", "Auditlog"], groups[0].Entries);
        Assert.Equal(["Plafond", "Wachtwoord", "Uitloggen"], groups[2].Entries);
    }

    [Theory]
    [InlineData(Roles.Behandelaar, null, "/behandeling", "Werkvoorraad")]
    [InlineData(Roles.Behandelaar, null, "/behandeling/verzenden", "Verzenden")]
    [InlineData(Roles.Programmamanager, null, "/programma/overzicht", "Landelijk overzicht")]
    [InlineData(Roles.Tekenbevoegde, TestData.Utrecht, "/aanvragen", "Aanvragen")]
    [InlineData(Roles.Beheerder, null, "/beheer/rondes", "Rondes")]
    [InlineData(null, null, "/plafond", "Plafond")]
    public async Task TheCurrentPage_IsTheOnlyItemMarkedCurrent(string? role, string? municipality, string url, string label)
    {
        using var client = role is null ? App.Client() : await Data.SignedInAsync(role, municipality);

        var page = await client.GetAsync(url);

        Assert.Equal([(label, "page")], Marked(page));
    }

    [Fact]
    public async Task APageBelowAnItem_MarksThatItemAsTheSection()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        using var client = await Data.SignedInAsync(Roles.Behandelaar);

        var page = await client.GetAsync($"/behandeling/{id}");

        Assert.Equal([("Werkvoorraad", "true")], Marked(page));
    }

    private static List<(string, string)> Marked(AppClient.Page page) =>
        page.Html.QuerySelectorAll("nav[aria-label=Hoofdmenu] a[aria-current]")
            .Select(a => (a.TextContent.Trim(), a.GetAttribute("aria-current")!)).ToList();
}
