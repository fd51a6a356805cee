using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.ReferenceData;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrantAdmin.Tests.Browser;

/// <summary>
/// The reviewer and the gemeente in real browsers: queue, judgement, aanvulverzoek, supplement and the new
/// place in the ranking, with axe on every page passed (error state included).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReviewerJourneyTests(BrowserApp app) : IAsyncLifetime
{
    private IBrowserContext reviewerContext = null!;
    private IBrowserContext gemeenteContext = null!;

    private static readonly IReadOnlyList<string> Checklist = ReferenceDataLoader.DefaultChecklist.Select(c => c.Label).ToList();
    private static readonly string PlanItem = ReferenceDataLoader.DefaultChecklist.Single(c => c.Code == "projectplan").Label;

    public async ValueTask InitializeAsync()
    {
        await app.ResetAsync();
        reviewerContext = await app.NewContextAsync();
        gemeenteContext = await app.NewContextAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await reviewerContext.CloseAsync();
        await gemeenteContext.CloseAsync();
    }

    [Fact]
    public async Task Reviewer_JudgesAndAsksForSupplement_GemeenteSupplements_RanksBehindLaterComplete()
    {
        // Given: Utrecht submitted at 10:00, Goes at 10:10. Every clock move happens here, before anyone signs in
        // in the browser: sessions last 8 hours on the test clock. The supplement therefore arrives at 10:20.
        var data = new TestData(app);
        var utrecht = await SubmittedAsync(data, TestData.Utrecht);
        var goes = await SubmittedAsync(data, TestData.Goes);
        var reviewerEmail = await data.UserAsync(Roles.Behandelaar);
        var gemeenteEmail = await data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht);

        var reviewer = await reviewerContext.NewPageAsync();
        await LogInAsync(reviewer, reviewerEmail);
        // The reviewer lands on the queue, marked as the current page in the menu.
        await reviewer.WaitForURLAsync("**/behandeling");
        await Expect(reviewer.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Werkvoorraad", Exact = true }))
            .ToHaveAttributeAsync("aria-current", "page");
        await Expect(reviewer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Werkvoorraad — Tijdvak 2023");
        // Nothing is ahead of the first, so its place is final; the second waits on the first.
        await ExpectQueueAsync(reviewer, ("1", "SUVCO-2023-000001"), ("2 (voorlopig)", "SUVCO-2023-000002"));
        await Axe.AssertNoSeriousViolationsAsync(reviewer);

        // Goes: taken and judged complete. Utrecht, ahead of it, is not judged yet, so its place stays provisional.
        await reviewer.GetByTestId("queue").GetByRole(AriaRole.Link, new() { Name = "SUVCO-2023-000002" }).ClickAsync();
        await reviewer.WaitForURLAsync($"**/behandeling/{goes}");
        await Axe.AssertNoSeriousViolationsAsync(reviewer);
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Oppakken" }).ClickAsync();
        await Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("U hebt de aanvraag opgepakt.");
        foreach (var label in Checklist)
            await reviewer.GetByLabel($"{label}: volledig", new() { Exact = true }).CheckAsync();
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Beoordeling vastleggen" }).ClickAsync();
        await Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("De aanvraag is volledig. Zij staat in de rangorde op het moment van ontvangst.");
        await Expect(reviewer.GetByTestId("state")).ToHaveTextAsync("Volledig");
        await Expect(reviewer.GetByTestId("position")).ToContainTextAsync("Plaats 2 (voorlopig: niet alles ervóór is beoordeeld).");
        await Expect(reviewer.GetByTestId("position")).ToContainTextAsync("Gereserveerd: € 50.000,00.");
        await Axe.AssertNoSeriousViolationsAsync(reviewer);

        // Utrecht: taken; first judged incomplete without saying what is missing (the error state), then properly.
        await reviewer.GetByRole(AriaRole.Link, new() { Name = "Werkvoorraad", Exact = true }).ClickAsync();
        await reviewer.WaitForURLAsync("**/behandeling");
        await reviewer.GetByTestId("queue").GetByRole(AriaRole.Link, new() { Name = "SUVCO-2023-000001" }).ClickAsync();
        await reviewer.WaitForURLAsync($"**/behandeling/{utrecht}");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Oppakken" }).ClickAsync();
        await Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("U hebt de aanvraag opgepakt.");
        foreach (var label in Checklist.Where(l => l != PlanItem))
            await reviewer.GetByLabel($"{label}: volledig", new() { Exact = true }).CheckAsync();
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Beoordeling vastleggen" }).ClickAsync();
        var summary = reviewer.GetByTestId("error-summary");
        await Expect(summary).ToContainTextAsync($"Geef bij '{PlanItem}' aan wat er ontbreekt.");
        await Expect(summary).ToContainTextAsync("Leg in de brief uit wat de gemeente moet aanvullen.");
        var remark = reviewer.GetByLabel($"{PlanItem}: wat ontbreekt", new() { Exact = true });
        await Expect(remark).ToHaveAttributeAsync("aria-invalid", "true"); // the error is tied to its field, as _Field does
        await Expect(remark).ToHaveAccessibleDescriptionAsync($"Fout: Geef bij '{PlanItem}' aan wat er ontbreekt.");
        await Expect(reviewer.GetByLabel("Toelichting in het aanvulverzoek")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(reviewer.GetByLabel($"{Checklist[0]}: volledig", new() { Exact = true })).ToBeCheckedAsync(); // the answers survive the error
        await Expect(reviewer.GetByLabel($"{PlanItem}: volledig", new() { Exact = true })).Not.ToBeCheckedAsync();
        await Axe.AssertNoSeriousViolationsAsync(reviewer);

        await remark.FillAsync("Het projectplan noemt geen activiteiten.");
        await reviewer.GetByLabel("Toelichting in het aanvulverzoek").FillAsync("Stuur een projectplan dat de activiteiten en de planning beschrijft.");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Beoordeling vastleggen" }).ClickAsync();
        await Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("Het aanvulverzoek is verstuurd; de beslistermijn is opgeschort.");
        await Expect(reviewer.GetByTestId("state")).ToHaveTextAsync("Aanvulling gevraagd");
        await Expect(reviewer.GetByTestId("position")).ToContainTextAsync("Niet in de rangorde");
        await Expect(reviewer.GetByTestId("requests")).ToContainTextAsync("15 februari 2023"); // 1 February + 14 days
        await Expect(reviewer.GetByTestId("requests")).ToContainTextAsync("nog niet ontvangen");
        await Axe.AssertNoSeriousViolationsAsync(reviewer);

        // The gemeente, in a browser of its own, reads the request and supplements with a new plan.
        var gemeente = await gemeenteContext.NewPageAsync();
        await LogInAsync(gemeente, gemeenteEmail);
        await gemeente.GotoAsync($"/aanvragen/{utrecht}");
        await Expect(gemeente.GetByTestId("completion-request")).ToContainTextAsync("Uw aanvraag moet worden aangevuld");
        await Axe.AssertNoSeriousViolationsAsync(gemeente);
        await gemeente.GetByTestId("completion-request").GetByRole(AriaRole.Link, new() { Name = "Aanvulling indienen" }).ClickAsync();

        await gemeente.WaitForURLAsync($"**/aanvragen/{utrecht}/aanvullen");
        await Expect(gemeente.GetByTestId("request")).ToContainTextAsync("Het projectplan ontbreekt of beschrijft de activiteiten niet: Het projectplan noemt geen activiteiten.");
        await Expect(gemeente.GetByTestId("request")).ToContainTextAsync("Stuur een projectplan dat de activiteiten en de planning beschrijft.");
        await Axe.AssertNoSeriousViolationsAsync(gemeente);
        var (fileName, content, contentType) = TestData.PdfPlan("Projectplan v2.pdf");
        await gemeente.GetByLabel("Projectplan", new() { Exact = true }).SetInputFilesAsync(
            new FilePayload { Name = fileName, MimeType = contentType, Buffer = content });
        await gemeente.GetByRole(AriaRole.Button, new() { Name = "Aanvulling indienen" }).ClickAsync();

        await gemeente.WaitForURLAsync($"**/aanvragen/{utrecht}");
        await Expect(gemeente.GetByRole(AriaRole.Status)).ToHaveTextAsync("Uw aanvulling is ontvangen. De ontvangstbevestiging komt ook per e-mail.");
        await Expect(gemeente.GetByTestId("completion-request")).ToHaveCountAsync(0);
        await Expect(gemeente.GetByTestId("application-summary").GetByRole(AriaRole.Link, new() { Name = "Projectplan v2.pdf" })).ToBeVisibleAsync(); // now the current plan
        await Axe.AssertNoSeriousViolationsAsync(gemeente);

        // The reviewer reloads Utrecht: back in treatment at the supplement's moment, and judged complete it ranks
        // behind Goes (received at 10:10). Goes is judged, so the place is final even before Utrecht is judged again.
        await reviewer.ReloadAsync();
        await Expect(reviewer.GetByTestId("state")).ToHaveTextAsync("In behandeling");
        await Expect(reviewer.GetByTestId("requests")).ToContainTextAsync("ontvangen 1 februari 2023 om 10:20:00");
        await Expect(reviewer.GetByTestId("position")).ToContainTextAsync("Plaats 2.");
        await Expect(reviewer.GetByTestId("position")).Not.ToContainTextAsync("voorlopig");
        await Expect(reviewer.GetByTestId("position")).ToContainTextAsync("Nog niet beoordeeld: geen reservering.");
        foreach (var label in Checklist) // a new judgement: the form starts empty
            await reviewer.GetByLabel($"{label}: volledig", new() { Exact = true }).CheckAsync();
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Beoordeling vastleggen" }).ClickAsync();
        await Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("De aanvraag is volledig. Zij staat in de rangorde op het moment van ontvangst.");
        await Expect(reviewer.GetByTestId("state")).ToHaveTextAsync("Volledig");
        await Expect(reviewer.GetByTestId("position")).ToContainTextAsync("Plaats 2.");
        await Expect(reviewer.GetByTestId("position")).Not.ToContainTextAsync("voorlopig");
        await Expect(reviewer.GetByTestId("position")).ToContainTextAsync("Vóór deze aanvraag: € 50.000,00 aangevraagd.");
        await Axe.AssertNoSeriousViolationsAsync(reviewer);

        await reviewer.GetByRole(AriaRole.Link, new() { Name = "Werkvoorraad", Exact = true }).ClickAsync();
        await reviewer.WaitForURLAsync("**/behandeling");
        await ExpectQueueAsync(reviewer, ("1", "SUVCO-2023-000002"), ("2", "SUVCO-2023-000001"));
        await Axe.AssertNoSeriousViolationsAsync(reviewer);
    }

    [Fact]
    public async Task CasePage_LeadsWithItsSummary_FoldsTheSecondAction_AndLeadsBackToTheFilteredQueue()
    {
        var data = new TestData(app);
        var utrecht = await SubmittedAsync(data, TestData.Utrecht);
        await SubmittedAsync(data, TestData.Goes);
        var reviewer = await reviewerContext.NewPageAsync();
        await LogInAsync(reviewer, await data.UserAsync(Roles.Behandelaar));
        await reviewer.WaitForURLAsync("**/behandeling");

        await reviewer.GetByLabel("Zoek op gemeente of kenmerk").FillAsync("Utrecht");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        await reviewer.WaitForURLAsync(new System.Text.RegularExpressions.Regex("zoek=Utrecht"));
        await reviewer.GetByTestId("queue").GetByRole(AriaRole.Link, new() { Name = "SUVCO-2023-000001" }).ClickAsync();
        await reviewer.WaitForURLAsync($"**/behandeling/{utrecht}");

        await Expect(reviewer.GetByTestId("case-summary")).ToBeInViewportAsync();
        await Expect(reviewer.GetByTestId("decision-term")).ToContainTextAsync("Laatste dag");
        await Expect(reviewer.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Werkvoorraad", Exact = true }))
            .ToHaveAttributeAsync("aria-current", "true");
        var weeks = reviewer.GetByLabel("Verdagen met (weken)");
        await Expect(weeks).ToBeHiddenAsync();
        await Axe.AssertNoSeriousViolationsAsync(reviewer);
        await reviewer.GetByText("Beslistermijn verdagen", new() { Exact = true }).First.ClickAsync();
        await Expect(weeks).ToBeVisibleAsync();
        await Axe.AssertNoSeriousViolationsAsync(reviewer);

        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Oppakken" }).ClickAsync();
        await Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("U hebt de aanvraag opgepakt.");
        await reviewer.GetByRole(AriaRole.Link, new() { Name = "Terug naar de werkvoorraad" }).ClickAsync();
        await reviewer.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/behandeling\\?.*zoek=Utrecht"));
        await Expect(reviewer.GetByLabel("Zoek op gemeente of kenmerk")).ToHaveValueAsync("Utrecht");
        await ExpectQueueAsync(reviewer, ("1", "SUVCO-2023-000001"));
    }

    private async Task<int> SubmittedAsync(TestData data, string municipalityCode)
    {
        var (id, _) = await data.SubmittedApplicationAsync(municipalityCode);
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        return id;
    }

    internal static async Task LogInAsync(IPage page, string email)
    {
        await page.GotoAsync("/inloggen");
        await page.GetByLabel("E-mailadres").FillAsync(email);
        await page.GetByLabel("Wachtwoord").FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await Expect(page.GetByText("Ingelogd als")).ToBeVisibleAsync();
    }

    /// <summary>The queue's rows, top to bottom, by their place and kenmerk.</summary>
    private static async Task ExpectQueueAsync(IPage page, params (string Place, string Kenmerk)[] rows)
    {
        var lines = page.GetByTestId("queue").Locator("tbody tr");
        await Expect(lines).ToHaveCountAsync(rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            await Expect(lines.Nth(i).Locator("td").Nth(0)).ToHaveTextAsync(rows[i].Place);
            await Expect(lines.Nth(i).Locator("td").Nth(1)).ToHaveTextAsync(rows[i].Kenmerk);
        }
    }
}
