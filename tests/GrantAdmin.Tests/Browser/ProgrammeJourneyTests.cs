using System.Text.RegularExpressions;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrantAdmin.Tests.Browser;

/// <summary>
/// The Koploper programme in real browsers (issue 6 §7): the programmamanager adds gemeente Groningen to a lichting,
/// makes it ambassador, logs a contact with Veendam (one of the suggested targets in veiligheidsregio Groningen), and
/// finds that contact in the region view and Veendam's coverage in the country overview. Progress, budget and the
/// lichting's checklist are read once; then gemeente Groningen reads its own /mijn-deelname pages, and Veendam the
/// contact it received. axe on every page passed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProgrammeJourneyTests(BrowserApp app) : IAsyncLifetime
{
    private const string Lichting = "Lichting 5 — februari 2021";
    private const string Veendam = "GM0047";

    private IBrowserContext managerContext = null!;
    private IBrowserContext gemeenteContext = null!;
    private IBrowserContext targetContext = null!;

    public async ValueTask InitializeAsync()
    {
        await app.ResetAsync();
        managerContext = await app.NewContextAsync();
        gemeenteContext = await app.NewContextAsync();
        targetContext = await app.NewContextAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await managerContext.CloseAsync();
        await gemeenteContext.CloseAsync();
        await targetContext.CloseAsync();
    }

    [Fact]
    public async Task Programmamanager_AddsAmbassador_LogsContact_SeesItInRegionAndCountryOverview_GemeenteReadsItsParticipation()
    {
        var data = new TestData(app);
        var managerEmail = await data.UserAsync(Roles.Programmamanager, email: $"programmamanager.{Guid.NewGuid():N}@test.example");
        var gemeenteEmail = await data.UserAsync(Roles.Tekenbevoegde, TestData.Groningen);
        var targetEmail = await data.UserAsync(Roles.Tekenbevoegde, Veendam);

        // The programme's start page, then the lichting.
        var manager = await managerContext.NewPageAsync();
        await ReviewerJourneyTests.LogInAsync(manager, managerEmail);
        await manager.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Koploperprogramma" }).ClickAsync();
        await manager.WaitForURLAsync("**/programma");
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Koploperprogramma cliëntondersteuning");
        await Axe.AssertNoSeriousViolationsAsync(manager);

        await manager.GetByTestId("cohorts").GetByRole(AriaRole.Link, new() { Name = Lichting }).ClickAsync();
        await manager.WaitForURLAsync("**/programma/lichtingen/*");
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Lichting);
        var cohortId = int.Parse(new Uri(manager.Url).Segments[^1]);
        await Axe.AssertNoSeriousViolationsAsync(manager);

        // A new participant in this lichting: gemeente Groningen. First without a gemeente (the error state), then properly.
        await manager.GetByRole(AriaRole.Link, new() { Name = "Deelnemer toevoegen" }).ClickAsync();
        await manager.WaitForURLAsync($"**/programma/deelnemers/nieuw?lichting={cohortId}");
        await Expect(manager.GetByLabel("Gemeente", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(manager.GetByLabel("Lichting", new() { Exact = true })).ToHaveValueAsync(cohortId.ToString());
        await Axe.AssertNoSeriousViolationsAsync(manager);
        await manager.GetByLabel("Startdatum").FillAsync("2021-03-02");
        await manager.GetByLabel("Contactpersoon").FillAsync("Petra de Vries");
        await manager.GetByLabel("Projectleider").FillAsync("Karim Bouali");
        await manager.GetByLabel("Bron", new() { Exact = true }).FillAsync("Verslag kick-off, maart 2021");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        await Expect(manager.GetByTestId("error-summary")).ToContainTextAsync("Vul de gemeente in waarvoor deze deelnemer meedoet.");
        var members = manager.GetByLabel("Gemeenten", new() { Exact = true });
        await Expect(members).ToHaveAttributeAsync("aria-invalid", "true");
        await Axe.AssertNoSeriousViolationsAsync(manager);

        await members.FillAsync(TestData.Groningen);
        await manager.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        await manager.WaitForURLAsync(new Regex(@"/programma/deelnemers/\d+$"));
        await Expect(manager.GetByRole(AriaRole.Status)).ToHaveTextAsync("De deelnemer is toegevoegd.");
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Groningen");
        await Expect(manager.GetByTestId("cohort")).ToHaveTextAsync(Lichting);
        await Expect(manager.GetByTestId("member")).ToContainTextAsync(TestData.Groningen);
        var participantId = int.Parse(new Uri(manager.Url).Segments[^1]);
        await Axe.AssertNoSeriousViolationsAsync(manager);

        // Its ambassador page: not yet ambassador; made one, the other non-koplopers of VR Groningen become its targets.
        await manager.GetByTestId("participant-nav").GetByRole(AriaRole.Link, new() { Name = "Ambassadeur" }).ClickAsync();
        await manager.WaitForURLAsync($"**/programma/deelnemers/{participantId}/ambassadeur");
        await Expect(manager.GetByTestId("ambassador-status")).ToHaveTextAsync("Nee");
        await Axe.AssertNoSeriousViolationsAsync(manager);
        await manager.GetByLabel("Ambassadeur sinds").FillAsync("2021-06-01");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Maak ambassadeur" }).ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Status)).ToHaveTextAsync("De deelnemer is ambassadeur. 6 gemeenten uit de veiligheidsregio zijn als doelgemeente toegevoegd.");
        await Expect(manager.GetByTestId("ambassador-status")).ToHaveTextAsync("Ja, sinds 1 juni 2021");
        await Expect(manager.GetByTestId("targets").Locator("tbody tr")).ToHaveCountAsync(6);
        await Expect(manager.GetByTestId("targets")).ToContainTextAsync("Veendam");
        await Expect(manager.GetByTestId($"contacts-{Veendam}")).ToHaveTextAsync("Nog geen contact.");
        await Axe.AssertNoSeriousViolationsAsync(manager);

        // A contact with Veendam: first with the form's required fields left empty (the error state), then complete.
        await manager.GetByLabel("Doelgemeente").SelectOptionAsync(new SelectOptionValue { Label = "Veendam" });
        await manager.GetByRole(AriaRole.Button, new() { Name = "Contact vastleggen" }).ClickAsync();
        await Expect(manager.GetByTestId("error-summary")).ToContainTextAsync("Vul de datum van het contact in, bijvoorbeeld 14-3-2023.");
        await Expect(manager.GetByLabel("Datum van het contact")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(manager.GetByLabel("Doelgemeente")).ToHaveValueAsync(await TargetValueAsync(manager, "Veendam")); // kept as chosen
        await Axe.AssertNoSeriousViolationsAsync(manager);

        await manager.GetByLabel("Datum van het contact").FillAsync("2022-05-10");
        await manager.GetByLabel("Vorm").SelectOptionAsync(new SelectOptionValue { Label = "Overleg" });
        await manager.GetByLabel("Wie had het contact").FillAsync("Wethouder Groningen met beleidsadviseur Veendam");
        await manager.GetByLabel("Uitkomst").FillAsync("Veendam wil een aanvraag voorbereiden.");
        await manager.GetByLabel("Volgende stap (optioneel)").FillAsync("Regiobijeenkomst in juni");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Contact vastleggen" }).ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Status)).ToHaveTextAsync("Het contact is vastgelegd.");
        var logged = manager.GetByTestId($"contacts-{Veendam}");
        await Expect(logged).ToContainTextAsync("10 mei 2022");
        await Expect(logged).ToContainTextAsync("Veendam wil een aanvraag voorbereiden.");
        await Axe.AssertNoSeriousViolationsAsync(manager);

        // The region view: Veendam approached by Groningen.
        await manager.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Ambassadeurs per regio" }).ClickAsync();
        await manager.WaitForURLAsync("**/programma/regio");
        var regionRow = manager.GetByTestId("regions").Locator("tr[data-region=VR01]");
        await Expect(regionRow.Locator("td").Nth(4)).ToHaveTextAsync("6"); // targets
        await Expect(regionRow.Locator("td").Nth(5)).ToHaveTextAsync("1"); // approached
        await Axe.AssertNoSeriousViolationsAsync(manager);
        await regionRow.GetByRole(AriaRole.Link, new() { Name = "Groningen" }).ClickAsync();
        await manager.WaitForURLAsync("**/programma/regio/VR01");
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Veiligheidsregio Groningen");
        var veendamRow = manager.GetByTestId("region").Locator($"tr[data-gemeente={Veendam}]");
        await Expect(veendamRow.GetByRole(AriaRole.Link, new() { Name = "Groningen" })).ToHaveAttributeAsync("href", $"/programma/deelnemers/{participantId}/ambassadeur");
        await Expect(veendamRow.GetByTestId("approached")).ToHaveTextAsync("Ja, laatst op 10 mei 2022 (Overleg)");
        await Expect(veendamRow).ToContainTextAsync("Regiobijeenkomst in juni");
        await Expect(manager.GetByTestId("region").Locator($"tr[data-gemeente={TestData.Groningen}]")).ToContainTextAsync("koploper");
        await Axe.AssertNoSeriousViolationsAsync(manager);

        // The country overview: Veendam covered by ambassador Groningen; the province counts its six targets.
        await manager.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Landelijk overzicht" }).ClickAsync();
        await manager.WaitForURLAsync("**/programma/overzicht");
        await Expect(manager.GetByTestId("province-counts").Locator("tr[data-province=Groningen] [data-col=covered]")).ToHaveTextAsync("6");
        await Axe.AssertNoSeriousViolationsAsync(manager);
        await manager.GetByLabel("Veiligheidsregio").SelectOptionAsync("VR01");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Toon" }).ClickAsync();
        await manager.WaitForURLAsync(new Regex("/programma/overzicht\\?.*veiligheidsregio=VR01"));
        await Expect(manager.GetByTestId("gemeenten").Locator("tbody tr")).ToHaveCountAsync(10);
        await Expect(manager.GetByTestId("gemeenten").Locator($"tr[data-code={Veendam}] [data-col=ambassadeur]")).ToHaveTextAsync("Groningen");
        await Expect(manager.GetByTestId("gemeenten").Locator($"tr[data-code={TestData.Groningen}] [data-col=koploper]")).ToContainTextAsync("ja");
        await Axe.AssertNoSeriousViolationsAsync(manager);

        // Once each: the participant's progress and budget, the lichting's checklist and budget.
        await manager.GotoAsync($"/programma/deelnemers/{participantId}/voortgang");
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Voortgang van Groningen");
        await Axe.AssertNoSeriousViolationsAsync(manager);
        await manager.GetByRole(AriaRole.Link, new() { Name = "Budget van Groningen" }).ClickAsync();
        await manager.WaitForURLAsync($"**/programma/deelnemers/{participantId}/budget");
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Budget van Groningen");
        await Axe.AssertNoSeriousViolationsAsync(manager);
        await manager.GotoAsync($"/programma/deelnemers/{participantId}/voortgang");
        await manager.GetByRole(AriaRole.Link, new() { Name = "Checklist van de lichting" }).ClickAsync();
        await manager.WaitForURLAsync($"**/programma/lichtingen/{cohortId}/checklist");
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Ieder(in)-checklist van {Lichting}");
        await Axe.AssertNoSeriousViolationsAsync(manager);
        await manager.GetByRole(AriaRole.Link, new() { Name = "Budget van de lichting" }).ClickAsync();
        await manager.WaitForURLAsync($"**/programma/lichtingen/{cohortId}/budget");
        await Axe.AssertNoSeriousViolationsAsync(manager);

        // Gemeente Groningen reads its own participation, its progress and the contacts it logged as ambassador.
        var gemeente = await gemeenteContext.NewPageAsync();
        await ReviewerJourneyTests.LogInAsync(gemeente, gemeenteEmail);
        await gemeente.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Mijn deelname" }).ClickAsync();
        await gemeente.WaitForURLAsync("**/mijn-deelname");
        await Expect(gemeente.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mijn deelname aan het Koploperprogramma");
        await Expect(gemeente.GetByRole(AriaRole.Main)).ToContainTextAsync(Lichting);
        await Axe.AssertNoSeriousViolationsAsync(gemeente);
        await gemeente.GotoAsync($"/mijn-deelname/{participantId}");
        await Expect(gemeente.GetByRole(AriaRole.Main)).ToContainTextAsync(Lichting);
        await Axe.AssertNoSeriousViolationsAsync(gemeente);
        await gemeente.GetByTestId("my-nav").GetByRole(AriaRole.Link, new() { Name = "Voortgang" }).ClickAsync();
        await gemeente.WaitForURLAsync("**/mijn-deelname/voortgang");
        await Expect(gemeente.Locator($"#participation-{participantId}")).ToHaveTextAsync($"Groningen ({Lichting})");
        await Axe.AssertNoSeriousViolationsAsync(gemeente);
        await gemeente.GotoAsync($"/mijn-deelname/voortgang/{participantId}");
        await Expect(gemeente.Locator($"article[data-participant='{participantId}']")).ToBeVisibleAsync();
        await Axe.AssertNoSeriousViolationsAsync(gemeente);
        await gemeente.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Contacten ambassadeurs" }).ClickAsync();
        await gemeente.WaitForURLAsync("**/mijn-deelname/contacten");
        await Expect(gemeente.GetByTestId("logged")).ToContainTextAsync("Veendam");
        await Expect(gemeente.GetByTestId("logged")).ToContainTextAsync("10 mei 2022");
        await Axe.AssertNoSeriousViolationsAsync(gemeente);

        // Veendam, the target, sees the contact it received from ambassador Groningen.
        var target = await targetContext.NewPageAsync();
        await ReviewerJourneyTests.LogInAsync(target, targetEmail);
        await target.GotoAsync("/mijn-deelname/contacten");
        await Expect(target.GetByTestId("received")).ToContainTextAsync("Groningen");
        await Expect(target.GetByTestId("received")).ToContainTextAsync("Veendam wil een aanvraag voorbereiden.");
        await Axe.AssertNoSeriousViolationsAsync(target);
        await target.GotoAsync("/mijn-deelname");
        await Axe.AssertNoSeriousViolationsAsync(target); // no participation of its own
    }

    private static async Task<string> TargetValueAsync(IPage page, string name) =>
        (await page.GetByLabel("Doelgemeente").Locator("option", new() { HasTextString = name }).GetAttributeAsync("value"))!;
}
