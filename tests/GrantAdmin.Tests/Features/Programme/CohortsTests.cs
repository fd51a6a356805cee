using System.Net;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Programme.Cohorts;
using static GrantAdmin.Tests.Features.Programme.ProgrammeTestData;

namespace GrantAdmin.Tests.Features.Programme;

/// <summary>/programma and the lichtingen: counts, the page of one lichting, adding and changing one.</summary>
public sealed class CohortsTests(TestApp app) : AppTest(app)
{
    private static string Cell(AppClient.Page page, string row, string cell) =>
        page.Html.QuerySelector($"{row} [data-testid={cell}]")?.TextContent.Trim() ?? "";

    [Fact]
    public async Task Overview_CountsRealDemoAndUnknown_PerLichting()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var second = await CohortIdAsync(App, CohortSeed.Second);
        var fifth = await CohortIdAsync(App, CohortSeed.Fifth);

        var page = await manager.GetAsync("/programma");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(5, page.Html.QuerySelectorAll("[data-testid=cohort]").Length);
        Assert.Equal("1", Cell(page, $"[data-id='{second}']", "real-participants"));
        Assert.Equal("7", Cell(page, $"[data-id='{second}']", "real-gemeenten"));
        Assert.Equal("1", Cell(page, $"[data-id='{fifth}']", "real-gemeenten"));
        Assert.Equal("0", Cell(page, $"[data-id='{fifth}']", "demo-gemeenten"));
        // Onbekend: 24 of skipr's list, De Wolden, Westerwolde, the 7 unverified (gemeenten) and Regio Twente (no gemeenten).
        Assert.Equal("34", Cell(page, "[data-testid=cohort-unknown]", "real-participants"));
        Assert.Equal("33", Cell(page, "[data-testid=cohort-unknown]", "real-gemeenten"));
        Assert.Contains("41", page.Text("[data-testid=totals]"));
        Assert.Contains("Regio Twente", page.Text("[data-testid=participants]"));
        Assert.Empty(page.Html.QuerySelectorAll("[data-testid=demo]"));
    }

    [Fact]
    public async Task CohortPage_ShowsItsDescriptionAndParticipants_ToTheGrantsOffice_WithoutEditButtons()
    {
        using var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        var second = await CohortIdAsync(App, CohortSeed.Second);

        var page = await reviewer.GetAsync($"/programma/lichtingen/{second}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Oosterschelderegio", page.Text("[data-testid=participants]"));
        Assert.Contains("Goes", page.Text("[data-testid=participants]"));
        Assert.Contains("projectdocumenten", page.Text("[data-testid=description]"));
        Assert.DoesNotContain("Lichting wijzigen", page.Html.Body!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync("/programma/lichtingen/999")).Status);
    }

    [Fact]
    public async Task SeededSizes_AreEmpty_WhereNoSourceGivesThem()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);

        var page = await manager.GetAsync($"/programma/lichtingen/{await CohortIdAsync(App, CohortSeed.Fourth)}");

        Assert.Contains("onbekend (geen bron noemt die)", page.Text("[data-testid=cohort-summary]"));
    }

    [Fact]
    public async Task CreateCohort_SavesIt_AndAuditsIt()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);

        var saved = await manager.PostAsync("/programma/lichtingen/nieuw",
            [new("Name", "Lichting 6 — proef"), new("StartsOn", "2022-09-01"), new("IntendedSize", "12"), new("Description", "Proef")]);

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var page = await manager.GetAsync(saved.Location!);
        Assert.Contains("1 september 2022", page.Text("[data-testid=cohort-summary]"));
        Assert.Contains("12", page.Text("[data-testid=cohort-summary]"));
        Assert.Equal(1, await ScalarAsync<int>(App, "SELECT COUNT(*) FROM audit_log WHERE action = 'LichtingToegevoegd' AND details LIKE '%Lichting 6%'"));
    }

    [Theory]
    [InlineData("", "", "", "Name", "Vul de naam van de lichting in.")]
    [InlineData("Lichting 1 — 2017", "", "", "Name", "Er is al een lichting met de naam „Lichting 1 — 2017”. Kies een andere naam.")]
    [InlineData("Nieuw", "31-02-2020", "", "StartsOn", "Vul de startdatum in als dag-maand-jaar, bijvoorbeeld 1-11-2018, of laat hem leeg als geen bron de dag noemt.")]
    [InlineData("Nieuw", "", "0", "IntendedSize", "Vul de beoogde omvang in als een heel getal groter dan 0, of laat hem leeg als geen bron die noemt.")]
    [InlineData("Nieuw", "", "veel", "IntendedSize", "Vul de beoogde omvang in als een heel getal groter dan 0, of laat hem leeg als geen bron die noemt.")]
    public async Task CreateCohort_WithAWrongField_ShowsTheDutchMessage_AndSavesNothing(string name, string startsOn, string size, string field, string message)
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);

        var page = await manager.PostAsync("/programma/lichtingen/nieuw",
            [new("Name", name), new("StartsOn", startsOn), new("IntendedSize", size), new("Description", "")]);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(message, page.FieldError(field));
        Assert.Contains(message, page.ErrorSummary);
        Assert.Equal(5, await ScalarAsync<int>(App, "SELECT COUNT(*) FROM programme_cohorts"));
    }

    [Fact]
    public async Task EditCohort_ChangesIt_AndTheFormShowsTheCurrentValues()
    {
        using var manager = await Data.SignedInAsync(Roles.Programmamanager);
        var fourth = await CohortIdAsync(App, CohortSeed.Fourth);
        var form = await manager.GetAsync($"/programma/lichtingen/{fourth}/bewerken");
        Assert.Equal("Lichting 4 — maart 2020", form.Value("Name"));

        var saved = await manager.PostAsync($"/programma/lichtingen/{fourth}/bewerken",
            [new("Name", "Lichting 4 — maart 2020"), new("StartsOn", "2020-03-16"), new("IntendedSize", "26"), new("Description", "Bijgewerkt")]);

        Assert.Equal($"/programma/lichtingen/{fourth}", saved.RedirectPath);
        Assert.Equal(26, await ScalarAsync<int>(App, "SELECT intended_size FROM programme_cohorts WHERE id = @fourth", new { fourth }));
        Assert.Equal(1, await ScalarAsync<int>(App, "SELECT COUNT(*) FROM audit_log WHERE action = 'LichtingGewijzigd'"));
    }

    [Fact]
    public async Task GrantsOffice_MayNotEdit_ALichting()
    {
        using var approver = await Data.SignedInAsync(Roles.Accordeerder);

        var response = await approver.Http.GetAsync("/programma/lichtingen/nieuw");

        Assert.Equal("/geen-toegang", AppClient.RedirectPathOf(response));
    }

    [Theory]
    [InlineData(Roles.Programmamanager, null, "Koploperprogramma", true)]
    [InlineData(Roles.Behandelaar, null, "Koploperprogramma", true)]
    [InlineData(Roles.Accordeerder, null, "Koploperprogramma", true)]
    [InlineData(Roles.Beheerder, null, "Koploperprogramma", false)]
    [InlineData(Roles.Tekenbevoegde, TestData.Goes, "Mijn deelname", true)]
    [InlineData(Roles.Invuller, TestData.Utrecht, "Mijn deelname", true)]
    [InlineData(Roles.Tekenbevoegde, TestData.Goes, "Koploperprogramma", false)]
    public async Task Layout_ShowsTheProgrammeEntry_ToTheRolesThatMayUseIt(string role, string? municipality, string entry, bool shown)
    {
        using var client = await Data.SignedInAsync(role, municipality);

        var page = await client.GetAsync("/wachtwoord");

        var links = page.Html.QuerySelectorAll("nav[aria-label=Hoofdmenu] a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(shown, links.Contains(entry));
    }
}
