using System.Net;
using GrantAdmin.Tests.Features.Decisions;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Decisions;
using Row = GrantAdmin.Web.Features.Applications.CaseForGemeente.AuditRow;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>
/// The gemeente's view of its whole case (issue 15 §2): which audit events it sees, and a case driven through the real
/// pipeline (aanvulverzoek, supplement, checklist remark, assignment, returned decision, letters, payment, bezwaar).
/// </summary>
public sealed class CaseForGemeenteTests(TestApp app) : AppTest(app)
{
    private static readonly CaseForGemeente.Facts NoFacts = new([], [], [], [], [], null, null, null);
    private static readonly DateTime T0 = new(2023, 2, 1, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void EveryAuditCode_IsClassifiedForTheGemeente()
    {
        Assert.Equal(AuditActions.Labels.Keys.Order(StringComparer.Ordinal), CaseForGemeente.Shown.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("AanvraagOpgepakt")]
    [InlineData("AanvraagToegewezen")]
    [InlineData("AanvraagTeruggegeven")]
    [InlineData("BesluitVoorbereid")]
    [InlineData("BesluitTeruggestuurd")]
    [InlineData("BesluitGeaccordeerd")]
    [InlineData("VaststellingVoorbereid")]
    [InlineData("VaststellingTeruggestuurd")]
    [InlineData("StatusGewijzigd")]
    [InlineData("EmailNietVerzonden")]
    public void OfficeInternals_AreNotShown(string code)
    {
        Assert.Null(CaseForGemeente.Shown[code]);
        Assert.Empty(CaseForGemeente.Timeline([new Row(T0, code)], NoFacts));
    }

    [Fact]
    public void Timeline_KeepsPublicEventsInOrder_DropsInternalAndUnknownCodes_AndAddsTheExportedPayment()
    {
        var facts = NoFacts with { Payment = new CaseForGemeente.Payment(5_000_000, T0.AddHours(3)) };
        var events = CaseForGemeente.Timeline(
            [new Row(T0, "AanvraagIngediend"), new Row(T0.AddHours(1), "AanvraagOpgepakt"), new Row(T0.AddHours(2), "BeoordeeldVolledig"),
             new Row(T0.AddHours(4), "GeheimeNieuweCode")], facts);

        Assert.Equal(["Aanvraag ontvangen", "Aanvraag is volledig", "Betaalopdracht gegeven"], events.Select(e => e.What));
        Assert.Equal(ReceiptDocument.Kind, events[0].Letter!.Kind);
        Assert.Equal(["€ 50.000,00 wordt overgemaakt naar de rekening in uw aanvraag."], events[2].Details);
    }

    [Fact]
    public void Timeline_TheNthEventOfAKind_GetsTheNthFactOfThatKind()
    {
        GrantAdmin.Web.Features.Cases.CompletionRequestLetter.Model Request(int id, int day) =>
            new(id, "K", "Utrecht", null, "2023", "v1", T0, new DateOnly(2023, 2, day), 14, $"Verzoek {id}", []);
        var facts = NoFacts with
        {
            Requests = [Request(7, 15), Request(9, 28)],
            Settlements = [new(3, 4_000_000, 1_000_000, new DateOnly(2024, 9, 1), new DateOnly(2024, 10, 13), new DateOnly(2024, 10, 13))],
        };
        var events = CaseForGemeente.Timeline(
            [new Row(T0, "AanvulverzoekVerstuurd"), new Row(T0.AddDays(20), "AanvulverzoekVerstuurd"), new Row(T0.AddYears(1), "VaststellingGeaccordeerd")], facts);

        Assert.Equal(["Aanvullen kon tot en met 15 februari 2023.", "Verzoek 7"], events[0].Details);
        Assert.Equal(["Aanvullen kon tot en met 28 februari 2023.", "Verzoek 9"], events[1].Details);
        Assert.Equal(("Aanvulverzoek-7", "Aanvulverzoek-9"), (events[0].Letter!.Kind, events[1].Letter!.Kind));
        Assert.Equal(["Vastgesteld op € 40.000,00."], events[2].Details);
        Assert.Equal(GrantAdmin.Web.Features.Settlement.SettlementLetter.Kind(3), events[2].Letter!.Kind);
    }

    [Fact]
    public void Timeline_ASupplementAfterTheTerm_CountsAsTheNextSupplement_WithItsReceipt()
    {
        GrantAdmin.Web.Features.Cases.CaseFile.Request State(int id, int receivedDay) =>
            new(id, new DateOnly(2023, 2, 1), new DateOnly(2023, 2, 15), 14, "", T0.AddDays(receivedDay), null, null, DateOnly.FromDateTime(T0.AddDays(receivedDay)));
        var facts = NoFacts with { RequestStates = [State(7, 5), State(9, 40)] };
        var events = CaseForGemeente.Timeline(
            [new Row(T0.AddDays(5), "AanvullingIngediend"), new Row(T0.AddDays(40), "AanvullingTeLaatIngediend"), new Row(T0.AddDays(41), "TeLateAanvullingAanvaard")], facts);

        Assert.Equal(["Aanvulling ontvangen", "Aanvulling ontvangen na de termijn", "Aanvulling na de termijn toch in behandeling genomen"], events.Select(e => e.What));
        Assert.Equal([ReceiptDocument.SupplementKind(7), ReceiptDocument.SupplementKind(9)], events.Take(2).Select(e => e.Letter!.Kind));
    }

    [Fact]
    public void Timeline_AnEventWithoutItsFacts_StillShowsItsSentence()
    {
        var e = Assert.Single(CaseForGemeente.Timeline([new Row(T0, "BesluitVerzonden")], NoFacts));
        Assert.Equal(("Besluit verstuurd", 0, (CaseForGemeente.Letter?)null), (e.What, e.Details.Count, e.Letter));
    }

    [Fact]
    public void NextStep_ConceptUntilTheRoundCloses_ThenNothingUntilTheDecision_ThenTheObjectionTerm()
    {
        var round = new Round(1, "2023", "2023", "SUVCO-2023", new DateOnly(2023, 1, 1), new DateOnly(2023, 4, 28), 125_000_000, 5_000_000, true,
            "PartialRemainder", "ExactMoment", 2023, new DateOnly(2021, 11, 1), new DateOnly(2024, 6, 30), 8, 14, "v1", false, "Refuse");
        var today = new DateOnly(2023, 2, 1);
        Assert.Equal(new DateOnly(2023, 4, 28), CaseForGemeente.Next(ApplicationState.Concept, round, [], [], null, today).By);
        Assert.Equal("U hoeft nu niets te doen. Wij beslissen uiterlijk op 29 maart 2023.",
            CaseForGemeente.Next(ApplicationState.InBehandeling, round, [], [], new DateOnly(2023, 3, 29), today).Text);
        var sent = new DecisionPanel.Line(1, "Verlening", 5_000_000, null, null, "Goedgekeurd", 1, "x", T0, "y", T0, null, today, new DateOnly(2023, 3, 15));
        Assert.Equal(new DateOnly(2023, 3, 15), CaseForGemeente.Next(ApplicationState.Verleend, round, [sent], [], null, today).By);
        Assert.Equal("U hoeft nu niets te doen.", CaseForGemeente.Next(ApplicationState.Verleend, round, [sent], [], null, new DateOnly(2023, 3, 16)).Text);
    }

    private const string ChecklistRemark = "Interne notitie: plan lijkt op dat van vorig jaar";
    private const string ReturnRemark = "Interne opmerking: bedrag nog eens nakijken";

    private void At(int month, int day, int hour) => App.Clock.SetUtcNow(new DateTimeOffset(2023, month, day, hour, 0, 0, TimeSpan.Zero));

    private static void Redirected(AppClient.Page page) =>
        Assert.True(page.Status == HttpStatusCode.Redirect, $"Expected a redirect, got {page.Status}: {string.Join("; ", page.ErrorSummary)}");

    [Fact]
    public async Task ACaseThroughManyEvents_TheGemeenteSeesThePublicOnesWithDates_AndNoneOfTheOfficesInternals()
    {
        var (gemeente, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        Redirected(await TestData.SubmitAsync(gemeente, id));                                     // 1 Feb 10:00

        // The office takes the case and asks for a supplement; a remark on an item it found complete stays internal.
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        Redirected(await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}"));
        var judgement = DecisionSteps.Judgement(complete: false);
        judgement.Add(new("Items[1].Remark", ChecklistRemark));
        Redirected(await reviewer.PostAsync($"/behandeling/{id}/beoordelen", judgement, tokenFrom: $"/behandeling/{id}"));

        var waiting = await gemeente.GetAsync($"/aanvragen/{id}");
        Assert.True(waiting.Status == HttpStatusCode.OK, string.Join("\n", App.Log.Lines.Where(l => l.Contains("Exception")).Take(3)));
        Assert.Contains("Uw aanvraag moet worden aangevuld", waiting.Text("[data-testid=completion-request]"));
        Assert.StartsWith("De beslistermijn staat stil", waiting.Text("[data-testid=decision-term]"));
        Assert.Contains("Niet in de rangorde", waiting.Text("[data-testid=position]"));

        // The gemeente supplements five days later; the office judges it complete.
        At(2, 6, 9);
        await gemeente.LoginAsync(await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht));
        Redirected(await gemeente.PostMultipartAsync($"/aanvragen/{id}/aanvullen", TestData.CompleteForm(), TestData.PdfPlan("Projectplan v2.pdf")));
        var running = await gemeente.GetAsync($"/aanvragen/{id}");
        Assert.StartsWith("Wij beslissen uiterlijk op", running.Text("[data-testid=decision-term]"));
        Assert.Contains("U hoeft nu niets te doen. Wij beslissen uiterlijk op", running.Text("[data-testid=next-step]"));

        reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        Redirected(await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}"));
        Redirected(await reviewer.PostAsync($"/behandeling/{id}/beoordelen", TestData.CompleteJudgement(), tokenFrom: $"/behandeling/{id}"));

        // A verlening, returned for correction by one accordeerder, prepared again and approved by another; its letter is sent.
        Redirected(await DecisionSteps.Prepare(reviewer, id, nameof(DecisionKind.Verlening)));
        var first = await Data.SignedInAsync(Roles.Accordeerder);
        Redirected(await first.PostAsync($"/behandeling/{id}/besluit/terugsturen", [new("Remark", ReturnRemark)], tokenFrom: $"/behandeling/{id}"));
        Redirected(await DecisionSteps.Prepare(reviewer, id, nameof(DecisionKind.Verlening)));
        Redirected(await DecisionSteps.Approve(await Data.SignedInAsync(Roles.Accordeerder), id));
        await Data.LetterSentAsync(id);

        // The payment instruction goes out with the next export; a bezwaar comes in by mail.
        Redirected(await reviewer.PostAsync("/betalingen/export", [], tokenFrom: "/betalingen"));
        At(3, 10, 9);
        reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        Redirected(await reviewer.PostAsync($"/behandeling/{id}/bezwaar",
            [new("ReceivedOn", "10-3-2023"), new("PostedOn", ""), new("FiledBy", "College van B&W van Utrecht"), new("Summary", "Het bedrag is te laag.")]));

        var invuller = await Data.SignedInAsync(Roles.Invuller, TestData.Utrecht);
        foreach (var viewer in new[] { await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht), invuller })
        {
            var page = await viewer.GetAsync($"/aanvragen/{id}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var items = page.Html.QuerySelectorAll("ol[data-testid=timeline] > li").ToList();
            Assert.Equal(
                ["Concept gemaakt", "Aanvraag ontvangen", "Verzoek om aanvulling verstuurd", "Aanvulling ontvangen", "Aanvraag is volledig",
                 "Besluit verstuurd", "Betaalopdracht gegeven", "Bezwaar ontvangen"],
                items.Select(li => li.QuerySelector("h3")!.TextContent.Trim()));
            Assert.All(items, li => Assert.NotNull(li.QuerySelector("time[datetime]")));
            Assert.Equal("1 februari 2023 om 10:00:00", items[1].QuerySelector("time")!.TextContent.Trim());
            var asked = items[2].TextContent;
            Assert.Contains("Aanvullen kon tot en met 15 februari 2023.", asked);
            Assert.Contains("Graag aanvullen.", asked);
            Assert.Contains("Verlening van € 50.000,00.", items[5].TextContent);
            Assert.Contains("Wij beslissen op uw bezwaar uiterlijk op", items[7].TextContent);

            var letters = page.Html.QuerySelectorAll("[data-testid=letters] a").Select(a => a.TextContent.Trim()).ToList();
            Assert.Equal(["Ontvangstbevestiging (PDF)", "Verzoek om aanvulling (PDF)", "Ontvangstbevestiging van de aanvulling (PDF)", "Besluit (PDF)"], letters);
            Assert.Contains("Maak dan bezwaar, uiterlijk op", page.Text("[data-testid=next-step]"));
            Assert.Contains("Verleend", page.Text("[data-testid=position]"));

            var html = page.Html.DocumentElement.OuterHtml;
            foreach (var secret in new[] { ChecklistRemark, ReturnRemark, "kantoor", "opgepakt", "teruggestuurd", "geaccordeerd", "Toegewezen" })
                Assert.DoesNotContain(secret, html, StringComparison.OrdinalIgnoreCase);
        }

        // Every letter on the page downloads as a PDF.
        foreach (var href in (await invuller.GetAsync($"/aanvragen/{id}")).Html.QuerySelectorAll("[data-testid=letters] a").Select(a => a.GetAttribute("href")!))
        {
            var pdf = await invuller.Http.GetAsync(href);
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        }

        var otherGemeente = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Goes);
        Assert.Equal(HttpStatusCode.NotFound, (await otherGemeente.GetAsync($"/aanvragen/{id}")).Status);
    }
}
