using System.Text.RegularExpressions;
using AngleSharp.Dom;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Tests.Features.Cases;

/// <summary>The case page's shape: a summary first, then the application, then the one action that fits, then the history.</summary>
public sealed class CasePageTests(TestApp app) : AppTest(app)
{
    [Fact]
    public async Task Summary_LeadsThePage_ThenTheApplication_ThenTheAction_ThenTheHistory()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        using var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}");

        var page = await reviewer.GetAsync($"/behandeling/{id}");

        var summary = page.Text("[data-testid=case-summary]");
        Assert.Contains("SUVCO-2023-", summary);
        Assert.Contains("Utrecht", summary);
        Assert.Equal("In behandeling", page.Text("[data-testid=state]"));
        Assert.Matches(@"^Laatste dag \d{1,2} \p{L}+ \d{4} \(nog \d+ dagen\)\.$", Regex.Replace(page.Text("[data-testid=decision-term]"), @"\s+", " "));
        Assert.NotEqual("niemand", page.Text("[data-testid=assignee]"));
        Assert.Contains("Gevraagd: €", summary);
        var order = new[] { "[data-testid=case-summary]", "[data-testid=application-summary]", $"form[action='/behandeling/{id}/beoordelen']", "[data-testid=extension]", "[data-testid=timeline]" }
            .Select(selector => Position(page, selector)).ToList();
        Assert.Equal(order.Order(), order);
        // The term extension is a second action: folded away until the reviewer opens it.
        var extension = page.Html.QuerySelector($"form[action='/behandeling/{id}/verdagen']")!.Closest("details")!;
        Assert.False(extension.HasAttribute("open"));
    }

    [Fact]
    public async Task AFailedExtension_ShowsItsFormOpen_WithTheMessageAtTheField()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        using var reviewer = await Data.SignedInAsync(Roles.Behandelaar);

        var page = await reviewer.PostAsync($"/behandeling/{id}/verdagen", [new("ExtensionWeeks", "12"), new("ExtensionReason", "Advies nodig")], tokenFrom: $"/behandeling/{id}");

        Assert.NotNull(page.FieldError("ExtensionWeeks"));
        Assert.True(page.Html.QuerySelector($"form[action='/behandeling/{id}/verdagen']")!.Closest("details")!.HasAttribute("open"));
    }

    [Fact]
    public async Task History_IsWrittenInDutch_WithoutRawCodes()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        using var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}");

        var page = await reviewer.GetAsync($"/behandeling/{id}");

        var what = page.Html.QuerySelectorAll("[data-testid=timeline] tbody tr td:nth-child(2)").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Status gezet op Concept", "Concept gestart"], what.Take(2));
        Assert.Contains("Aanvraag ingediend", what);
        Assert.Contains("Status gewijzigd van Ingediend naar In behandeling", what);
        Assert.Contains("Aanvraag opgepakt", what);
        Assert.DoesNotContain(what, w => Regex.IsMatch(w, @"\b\p{Lu}\p{Ll}+\p{Lu}") || w.StartsWith("Auditlog", StringComparison.Ordinal));
        Assert.Single(what, "Aanvraag opgepakt"); // one line per event, not one per table it touched
    }

    [Fact]
    public async Task BackLink_LeadsToTheQueueAsLastFiltered_AlsoAfterAnAction()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        using var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        Assert.Equal("/behandeling", (await reviewer.GetAsync($"/behandeling/{id}")).Html.QuerySelector("[data-testid=back-to-queue]")!.GetAttribute("href"));

        await reviewer.GetAsync("/behandeling?ronde=2023&zoek=Utrecht&te-laat=true");
        var taken = await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}");
        var page = await reviewer.GetAsync(taken.RedirectPath!);

        Assert.Equal("/behandeling?ronde=2023&zoek=Utrecht&te-laat=true", page.Html.QuerySelector("[data-testid=back-to-queue]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Load_ReadsTheWholePageOverOneConnection()
    {
        var (id, _) = await Data.SubmittedApplicationAsync(TestData.Utrecht);
        var dialect = new CountingDialect();
        var db = new Db(App.Db.ConnectionString, dialect);
        var handler = new CaseFile.Handler(db, new CeilingMeter(db, App.Clock, new CeilingMeter.Sums()), App.Clock);

        var page = await handler.LoadAsync(new CurrentUser(1, "Behandelaar", Roles.Behandelaar, null, null), id, null, TestContext.Current.CancellationToken);

        Assert.NotNull(page);
        // One connection is one snapshot: the state, ledger and position shown are of the same moment (issue 16: and cheaper).
        Assert.Equal(1, dialect.Connections);
    }

    private sealed class CountingDialect : ForwardingDialect
    {
        public int Connections { get; private set; }

        public override System.Data.Common.DbConnection CreateConnection(string connectionString)
        {
            Connections++;
            return base.CreateConnection(connectionString);
        }
    }

    private static int Position(AppClient.Page page, string selector)
    {
        var element = page.Html.QuerySelector(selector) ?? throw new InvalidOperationException("Not on the page: " + selector);
        return page.Html.All.Index(element);
    }
}
