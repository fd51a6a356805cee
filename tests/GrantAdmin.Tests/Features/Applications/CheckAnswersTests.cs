using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.ReferenceData;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>Issue 14: the check-answers page, the application page during an aanvulverzoek, and error summaries in form order.</summary>
public sealed class CheckAnswersTests(TestApp app) : AppTest(app)
{
    [Fact]
    public async Task Review_IncompleteDraft_NoSubmitButton_SummaryLinksToFormFieldsInFormOrder()
    {
        var client = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        var id = await TestData.StartDraftAsync(client, await Data.RoundIdAsync("2023"));
        var form = TestData.CompleteForm();
        form.Remove("StatementAccountability");
        await TestData.SaveAsync(client, id, form, plan: null);

        var review = await client.GetAsync($"/aanvragen/{id}/indienen");

        Assert.Empty(review.Html.QuerySelectorAll("form[action$='/indienen'] button"));
        var links = review.Html.QuerySelectorAll("[data-testid=error-summary] a").Select(a => a.GetAttribute("href")).ToList();
        // The plan comes before the statements in the form, so it does in the summary too.
        Assert.Equal([$"/aanvragen/{id}/bewerken#f-Plan", $"/aanvragen/{id}/bewerken#f-StatementAccountability"], links);
        var edit = await client.GetAsync($"/aanvragen/{id}/bewerken");
        Assert.All(links, href => Assert.NotNull(edit.Html.GetElementById(href!.Split('#')[1])));
        Assert.DoesNotContain("aanvullen", review.Html.Body!.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Review_CompleteDraft_EveryAnswerHasAChangeLinkToItsField_AndASubmitButton()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);

        var review = await client.GetAsync($"/aanvragen/{id}/indienen");
        var edit = await client.GetAsync($"/aanvragen/{id}/bewerken");

        Assert.Empty(review.ErrorSummary);
        Assert.NotNull(review.Html.QuerySelector("form[action$='/indienen'] button"));
        var changes = review.Html.QuerySelectorAll("[data-testid=application-summary] a.summary-change").ToList();
        Assert.Equal(review.Html.QuerySelectorAll("[data-testid=application-summary] dt").Length - 1, changes.Count); // all but the gemeente
        Assert.All(changes, a =>
        {
            Assert.StartsWith("Wijzigen", a.TextContent.Trim());
            Assert.NotNull(edit.Html.GetElementById(a.GetAttribute("href")!.Split('#')[1]));
        });
    }

    [Fact]
    public async Task Details_DuringAanvulverzoek_LeadsWithWhatIsMissingTheDateTheLetterAndTheButton()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}");
        var fields = ReferenceDataLoader.DefaultChecklist.SelectMany((c, i) => c.Code == "projectplan"
            ? new KeyValuePair<string, string>[] { new($"Items[{i}].Code", c.Code), new($"Items[{i}].Remark", "Er staat geen planning in.") }
            : [new($"Items[{i}].Code", c.Code), new($"Items[{i}].Complete", "true")]).ToList();
        fields.AddRange([new("Explanation", "Stuur een plan met planning."), new("TermDays", "14")]);
        var judged = await reviewer.PostAsync($"/behandeling/{id}/beoordelen", fields, tokenFrom: $"/behandeling/{id}");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, judged.Status);

        var gemeente = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        var details = await gemeente.GetAsync($"/aanvragen/{id}");

        var panel = details.Html.QuerySelector("[data-testid=completion-request]")!;
        Assert.Same(details.Html.QuerySelector("h1")!.NextElementSibling, panel); // it leads the page
        Assert.Equal("15 februari 2023", details.Text("[data-testid=completion-due]"));
        Assert.Equal("Het projectplan ontbreekt of beschrijft de activiteiten niet: Er staat geen planning in.", details.Text("[data-testid=completion-missing] li"));
        Assert.Contains("Stuur een plan met planning.", panel.TextContent);
        Assert.NotNull(panel.QuerySelector("a[href*='/brieven/Aanvulverzoek-']"));
        Assert.Equal($"/aanvragen/{id}/aanvullen", panel.QuerySelector("a.button")!.GetAttribute("href"));
    }

    [Fact]
    public void MissingWording_ReadsAsMissing_ForEveryChecklistItem()
    {
        foreach (var (code, label, missing) in ReferenceDataLoader.DefaultChecklist)
        {
            Assert.NotEqual(label, ReferenceDataLoader.MissingWording(code, label));
            Assert.Matches("(?i)niet|ontbreekt", missing);
        }
        Assert.Equal("Niet in orde: Iets anders", ReferenceDataLoader.MissingWording("anders", "Iets anders"));
    }
}
