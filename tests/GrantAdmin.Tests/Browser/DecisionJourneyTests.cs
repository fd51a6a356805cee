using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.ReferenceData;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrantAdmin.Tests.Browser;

/// <summary>
/// From complete application to the letter in the portal, in real browsers: a Behandelaar prepares a grant, an
/// Accordeerder approves it for a verzendronde and sends it (the progress page refreshes itself by its static
/// script), and the gemeente's Tekenbevoegde reads the letter and downloads it as a real PDF. axe on every page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DecisionJourneyTests(BrowserApp app) : IAsyncLifetime
{
    private IBrowserContext reviewerContext = null!;
    private IBrowserContext approverContext = null!;
    private IBrowserContext gemeenteContext = null!;

    public async ValueTask InitializeAsync()
    {
        await app.ResetAsync();
        reviewerContext = await app.NewContextAsync();
        approverContext = await app.NewContextAsync();
        gemeenteContext = await app.NewContextAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await reviewerContext.CloseAsync();
        await approverContext.CloseAsync();
        await gemeenteContext.CloseAsync();
    }

    [Fact]
    public async Task Reviewer_PreparesGrant_SecondReviewerApprovesAndSends_GemeenteReadsTheLetter()
    {
        var data = new TestData(app);
        var (id, _) = await data.SubmittedApplicationAsync(TestData.Utrecht);
        var reviewerEmail = await data.UserAsync(Roles.Behandelaar);
        var approverEmail = await data.UserAsync(Roles.Accordeerder);
        var gemeenteEmail = await data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht);

        // The Behandelaar takes the application, judges it complete and prepares a grant of the reservation.
        var reviewer = await reviewerContext.NewPageAsync();
        await ReviewerJourneyTests.LogInAsync(reviewer, reviewerEmail);
        await reviewer.GotoAsync($"/behandeling/{id}");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Oppakken" }).ClickAsync();
        await Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("U hebt de aanvraag opgepakt.");
        foreach (var label in ReferenceDataLoader.DefaultChecklist.Select(c => c.Label))
            await reviewer.GetByLabel($"{label}: volledig", new() { Exact = true }).CheckAsync();
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Beoordeling vastleggen" }).ClickAsync();
        await Expect(reviewer.GetByTestId("state")).ToHaveTextAsync("Volledig");
        await Axe.AssertNoSeriousViolationsAsync(reviewer);
        await reviewer.GetByRole(AriaRole.Radio, new() { Name = "Verlening" }).CheckAsync();
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Besluit voorbereiden" }).ClickAsync();
        await Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("Het besluit is voorbereid en ligt ter accordering bij een andere accordeerder.");
        await Expect(reviewer.GetByTestId("four-eyes")).ToBeVisibleAsync();
        await Axe.AssertNoSeriousViolationsAsync(reviewer);

        // The Accordeerder approves it for the next verzendronde, then sends the waiting letters.
        var approver = await approverContext.NewPageAsync();
        await ReviewerJourneyTests.LogInAsync(approver, approverEmail);
        await approver.GotoAsync($"/behandeling/{id}");
        await Expect(approver.GetByTestId("pending")).ToContainTextAsync("Verlening van € 50.000,00");
        await Axe.AssertNoSeriousViolationsAsync(approver);
        await approver.GetByLabel("Brief later verzenden, met een verzendronde").CheckAsync();
        await approver.GetByRole(AriaRole.Button, new() { Name = "Accorderen en versturen" }).ClickAsync();
        await Expect(approver.GetByRole(AriaRole.Status)).ToHaveTextAsync("Het besluit is geaccordeerd. De brief wacht op een verzendronde (Verzenden).");
        await Expect(approver.GetByTestId("state")).ToHaveTextAsync("Verleend");
        await Expect(approver.GetByTestId("decisions")).ToContainTextAsync("geaccordeerd; de brief is nog niet verzonden");
        await Axe.AssertNoSeriousViolationsAsync(approver);

        await approver.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Verzenden" }).ClickAsync();
        await approver.WaitForURLAsync("**/behandeling/verzenden");
        await Expect(approver.GetByRole(AriaRole.Checkbox, new() { Name = "Verzend het besluit op SUVCO-2023-000001" })).ToBeCheckedAsync();
        await Axe.AssertNoSeriousViolationsAsync(approver);
        await approver.GetByRole(AriaRole.Button, new() { Name = "Alle 1 wachtende brieven verzenden" }).ClickAsync();
        await approver.WaitForURLAsync("**/behandeling/verzenden/*");
        await Expect(approver.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Verzendronde");
        await Axe.AssertNoSeriousViolationsAsync(approver); // as it first shows (possibly still running)
        // The page refreshes itself (static /js/refresh.js, no reload) until the run is done.
        await Expect(approver.GetByTestId("progress-summary")).ToHaveTextAsync("Klaar: 1 verzonden, 0 te doen, 0 mislukt van 1.");
        await Expect(approver.GetByTestId("letters")).ToContainTextAsync("verzonden, 1 februari 2023");
        await Axe.AssertNoSeriousViolationsAsync(approver);

        // The gemeente's Tekenbevoegde reads the decision in the portal and downloads the letter.
        var gemeente = await gemeenteContext.NewPageAsync();
        await ReviewerJourneyTests.LogInAsync(gemeente, gemeenteEmail);
        await gemeente.GotoAsync($"/aanvragen/{id}");
        var letters = gemeente.GetByTestId("decision-letters");
        await Expect(letters).ToContainTextAsync("Verlening van € 50.000,00, verzonden op 1 februari 2023. Bezwaar maken kan tot en met 15 maart 2023.");
        await Expect(gemeente.GetByTestId("timeline")).ToContainTextAsync("Besluit verstuurd"); // axe below covers the whole case view
        await Expect(gemeente.GetByTestId("next-step")).ToContainTextAsync("uiterlijk op 15 maart 2023");
        await Axe.AssertNoSeriousViolationsAsync(gemeente);
        var href = await letters.GetByRole(AriaRole.Link, new() { Name = "Besluit (PDF)" }).GetAttributeAsync("href");
        var download = await gemeenteContext.APIRequest.GetAsync(href!); // with the gemeente's own session cookie
        Assert.Equal(200, download.Status);
        Assert.StartsWith("application/pdf", download.Headers["content-type"]);
        var pdf = await download.BodyAsync();
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        var text = Letters.Text(pdf);
        Assert.Contains("SUVCO-2023-000001", text);
        Assert.Contains("€ 50.000,00", text);
        Assert.Contains("15 maart 2023", text);
    }
}
