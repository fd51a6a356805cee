using System.Net;
using Dapper;
using GrantAdmin.Tests.Features.Decisions;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Decisions;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// A value that does not parse is refused with a Dutch message and changes nothing, through the real pipeline: never
/// taken as the default (false, null) or as a number's enum member.
/// </summary>
public sealed class MalformedValuesTests(TestApp app) : AppTest(app)
{
    private DecisionSteps Steps => new(App);

    /// <summary>The case as stored, once the mail its earlier steps queued is out (sending is audited too).</summary>
    private async Task<(string State, int? AssignedTo, int Audits, int Decisions, int Dispatches, int Judgements)> SnapshotAsync(int id)
    {
        await App.OutboxIdleAsync();
        await using var connection = await App.Db.OpenAsync();
        return await connection.QuerySingleAsync<(string, int?, int, int, int, int)>("""
            SELECT a.state, a.assigned_to_user_id,
                   (SELECT COUNT(*) FROM audit_log), (SELECT COUNT(*) FROM decisions WHERE application_id = a.id),
                   (SELECT COUNT(*) FROM decision_dispatch_items), (SELECT COUNT(*) FROM judgements WHERE application_id = a.id)
            FROM applications a WHERE a.id = @id
            """, new { id });
    }

    private static void AssertRefused(AppClient.Page page, string detail)
    {
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("Verzoek niet verwerkt", page.Text("h1"));
        Assert.Contains(page.Html.QuerySelectorAll("[data-testid=refusal-details] li"), li => li.TextContent.Contains(detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendLaterJa_IsRefused_TheDecisionWaitsForApproval_NothingSentOrAudited()
    {
        var (reviewer, id) = await Steps.JudgedAsync(TestData.Utrecht);
        await DecisionSteps.Prepare(reviewer, id, nameof(DecisionKind.Verlening));
        var approver = await Data.SignedInAsync(Roles.Accordeerder);
        var before = await SnapshotAsync(id);

        var page = await DecisionSteps.Approve(approver, id, new KeyValuePair<string, string>("SendLater", "ja"));

        AssertRefused(page, "'ja'");
        Assert.Equal(before, await SnapshotAsync(id));
        Assert.Equal("BesluitTerAccordering", before.State);
    }

    [Fact]
    public async Task AssigneeAbc_IsRefused_TheCaseStaysWithItsReviewer_NothingAudited()
    {
        var (reviewer, id) = await Steps.JudgedAsync(TestData.Utrecht, complete: false);
        var before = await SnapshotAsync(id);
        Assert.NotNull(before.AssignedTo);

        var page = await reviewer.PostAsync($"/behandeling/{id}/toewijzen", [new("assigneeId", "abc")], tokenFrom: $"/behandeling/{id}");

        AssertRefused(page, "'abc'");
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task GarbageInACheckbox_IsRefused_NoJudgementRecorded()
    {
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(client, id);
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}");
        var before = await SnapshotAsync(id);
        var fields = DecisionSteps.Judgement(complete: true).Select(f => f.Key == "Items[0].Complete" ? new(f.Key, "garbage") : f).ToList();

        var page = await reviewer.PostAsync($"/behandeling/{id}/beoordelen", fields, tokenFrom: $"/behandeling/{id}");

        AssertRefused(page, "'garbage'");
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("Verlening,Afwijzing")]
    public async Task KindAsANumber_IsRefusedAtTheField_NothingPrepared(string kind)
    {
        var (reviewer, id) = await Steps.JudgedAsync(TestData.Utrecht);
        var before = await SnapshotAsync(id);

        var page = await DecisionSteps.Prepare(reviewer, id, kind);

        Assert.Equal("Kies het soort besluit: verlening, afwijzing of buiten behandeling.", page.FieldError("Kind"));
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task BlankAddressParts_AreNotFound()
    {
        var (gemeente, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(gemeente, id);
        var manager = await Data.SignedInAsync(Roles.Programmamanager);

        var letter = await gemeente.GetAsync($"/aanvragen/{id}/brieven/%20");
        var region = await manager.GetAsync("/programma/regio/%20");

        Assert.Equal((HttpStatusCode.NotFound, "Pagina niet gevonden"), (letter.Status, letter.Text("h1")));
        Assert.Equal((HttpStatusCode.NotFound, "Pagina niet gevonden"), (region.Status, region.Text("h1")));
    }

    [Fact]
    public async Task ADayInTheAddressThatIsNoDate_IsNotFound_NothingRemoved()
    {
        var admin = await Data.SignedInAsync(Roles.Beheerder);

        var page = await admin.PostAsync("/beheer/aangewezen-dagen/abc/verwijderen", [], tokenFrom: "/beheer/aangewezen-dagen");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
    }
}
