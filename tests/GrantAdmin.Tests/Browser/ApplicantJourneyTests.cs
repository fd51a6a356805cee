using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrantAdmin.Tests.Browser;

/// <summary>The applicant's whole journey in a real browser, with axe on every page it passes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApplicantJourneyTests(BrowserApp app) : IAsyncLifetime
{
    private IBrowserContext context = null!;

    public async ValueTask InitializeAsync()
    {
        await app.ResetAsync();
        context = await app.NewContextAsync();
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();

    [Fact]
    public async Task Applicant_SubmitsInBrowser_SeesReceiptAndNoSeriousAxeViolations()
    {
        var email = await new TestData(app).UserAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/inloggen");
        await Axe.AssertNoSeriousViolationsAsync(page);
        await page.GetByLabel("E-mailadres").FillAsync(email);
        await page.GetByLabel("Wachtwoord").FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();

        // The gemeente lands on its own applications, marked as the current page in the menu.
        await page.WaitForURLAsync("**/aanvragen");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Aanvragen", Exact = true }))
            .ToHaveAttributeAsync("aria-current", "page");
        await Axe.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanvraag starten" }).ClickAsync();

        await page.WaitForURLAsync("**/aanvragen/*/bewerken");
        await Axe.AssertNoSeriousViolationsAsync(page);
        var form = TestData.CompleteForm();
        foreach (var (name, value) in form)
        {
            var field = page.Locator($"#f-{name}");
            if (value == "true") await field.CheckAsync();
            else await field.FillAsync(value);
        }
        var (fileName, content, contentType) = TestData.PdfPlan();
        await page.GetByLabel("Projectplan", new() { Exact = true }).SetInputFilesAsync(
            new FilePayload { Name = fileName, MimeType = contentType, Buffer = content });

        // First with a wrong check digit: the error state is a page of its own and must be accessible too.
        await page.Locator("#f-Iban").FillAsync("NL91 ABNA 0417 1643 01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan en controleren" }).ClickAsync();
        await Expect(page.GetByTestId("error-summary")).ToBeVisibleAsync();
        await Expect(page.Locator("#f-Iban-error")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("current-plan")).ToContainTextAsync(fileName); // the upload survives the error
        await Axe.AssertNoSeriousViolationsAsync(page);

        await page.Locator("#f-Iban").FillAsync(form["Iban"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan en controleren" }).ClickAsync();

        await page.WaitForURLAsync("**/aanvragen/*/indienen");
        await Axe.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanvraag indienen" }).ClickAsync();

        await page.WaitForURLAsync("**/aanvragen/*/ontvangstbevestiging");
        await Expect(page.GetByTestId("kenmerk")).ToHaveTextAsync("SUVCO-2023-000001");
        await Expect(page.GetByTestId("received-at")).ToHaveTextAsync("1 februari 2023 om 10:00:00 (Nederlandse tijd)");
        await Axe.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task FailedPost_SummaryTakesFocus_LinksFocusTheirField_AndCheckAnswersBlocksSubmit()
    {
        var email = await new TestData(app).UserAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/inloggen");
        await page.GetByLabel("E-mailadres").FillAsync(email);
        await page.GetByLabel("Wachtwoord").FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await page.WaitForURLAsync("**/aanvragen"); // a gemeente lands on its own applications
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanvraag starten" }).ClickAsync();
        await page.WaitForURLAsync("**/aanvragen/*/bewerken");

        // Two errors the form shows top to bottom: the e-mail address above the IBAN.
        await page.Locator("#f-Iban").FillAsync("NL91 ABNA 0417 1643 01");
        await page.Locator("#f-ContactEmail").FillAsync("geen-adres");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan en controleren" }).ClickAsync();
        var summary = page.GetByTestId("error-summary");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary.GetByRole(AriaRole.Link)).ToHaveCountAsync(2);
        await Expect(summary.GetByRole(AriaRole.Link).First).ToHaveAttributeAsync("href", "#f-ContactEmail");
        await summary.GetByRole(AriaRole.Link).Last.ClickAsync();
        await Expect(page.Locator("#f-Iban")).ToBeFocusedAsync();
        await Axe.AssertNoSeriousViolationsAsync(page);

        // Valid but incomplete: the check-answers page lists what blocks and offers no submit button.
        await page.Locator("#f-Iban").FillAsync("NL91 ABNA 0417 1643 00");
        await page.Locator("#f-ContactEmail").FillAsync("jan@gemeente.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan en controleren" }).ClickAsync();
        await page.WaitForURLAsync("**/aanvragen/*/indienen");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Aanvraag indienen" })).ToHaveCountAsync(0);
        await Axe.AssertNoSeriousViolationsAsync(page);
        await page.GetByTestId("error-summary").GetByRole(AriaRole.Link, new() { Name = "Vul het telefoonnummer van de contactpersoon in." }).ClickAsync();
        await page.WaitForURLAsync("**/aanvragen/*/bewerken#f-ContactPhone");
        await Expect(page.Locator("#f-ContactPhone")).ToBeInViewportAsync();
    }
}
