using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Ranking;

/// <summary>The round's remainder policy, through the real pipeline: the stored ranking, the ledger check and the rounds screen follow the engine.</summary>
public sealed class RemainderPolicyTests(TestApp app) : AppTest(app)
{
    /// <summary>Submitted by the gemeente and judged complete by a reviewer, asking the given amount.</summary>
    private async Task<int> JudgedCompleteAsync(string municipality, int euros)
    {
        var (client, id) = await Data.CompleteDraftAsync(municipality);
        var form = TestData.CompleteForm();
        (form["RequestedAmount"], form["BudgetProjectLeader"], form["BudgetResearch"]) = ($"{euros}", $"{euros - 5_000}", "5000");
        Assert.NotNull((await TestData.SaveAsync(client, id, form, TestData.PdfPlan())).Location);
        Assert.NotNull((await TestData.SubmitAsync(client, id)).Location);
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);
        await reviewer.PostAsync($"/behandeling/{id}/oppakken", [], tokenFrom: $"/behandeling/{id}");
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.PostAsync($"/behandeling/{id}/beoordelen", TestData.CompleteJudgement(), tokenFrom: $"/behandeling/{id}")).Status);
        return id;
    }

    [Theory]
    [InlineData("StopAtFirstMisfit", "NoRoom")]
    [InlineData("SkipMisfits", "Reserved")]
    public async Task ASmallerLaterApplication_FollowsTheRoundsReading_AndTheLedgerCheckAgrees(string policy, string third)
    {
        await using var connection = await App.Db.OpenAsync();
        await connection.ExecuteAsync("UPDATE rounds SET ceiling_cents = 8000000, remainder_policy = @policy WHERE code = '2023'", new { policy });

        var first = await JudgedCompleteAsync(TestData.Utrecht, 50_000);
        var second = await JudgedCompleteAsync(TestData.Goes, 40_000); // 30,000 left: does not fit
        var last = await JudgedCompleteAsync(TestData.Groningen, 20_000); // fits in the 30,000 left

        const string sql = "SELECT allocation FROM applications WHERE id = @id";
        Assert.Equal(["Reserved", "NoRoom", third], [
            await connection.QuerySingleAsync<string>(sql, new { id = first }),
            await connection.QuerySingleAsync<string>(sql, new { id = second }),
            await connection.QuerySingleAsync<string>(sql, new { id = last })]);
        var check = await (await Data.SignedInAsync(Roles.Behandelaar)).GetAsync("/rondes/2023/grootboekcontrole");
        Assert.Contains("Klopt:", check.Text("[data-testid=verdict]"));
    }

    [Fact]
    public async Task RoundsScreen_ExplainsEachRoundsReading_InPlainDutch()
    {
        await using var connection = await App.Db.OpenAsync();
        await connection.ExecuteAsync("UPDATE rounds SET remainder_policy = 'SkipMisfits' WHERE code = '2023'");
        await connection.ExecuteAsync("UPDATE rounds SET remainder_policy = 'StopAtFirstMisfit' WHERE code = '2022'");

        var page = await (await Data.SignedInAsync(Roles.Beheerder)).GetAsync("/beheer/rondes");

        Assert.Contains("latere, kleinere aanvraag die wel past", page.Text("[data-testid=remainder-2023]"));
        Assert.Contains("Alle aanvragen daarna krijgen ook niets", page.Text("[data-testid=remainder-2022]"));
        Assert.Contains("krijgt het bedrag dat nog over is", page.Text("[data-testid=remainder-2021]"));
    }

    [Fact]
    public async Task Migration_RenamedReject_AndTheOldNameIsNoLongerStorable()
    {
        await using var connection = await App.Db.OpenAsync();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            connection.ExecuteAsync("UPDATE rounds SET remainder_policy = 'Reject' WHERE code = '2023'"));
        Assert.Equal("Refuse", await connection.QuerySingleAsync<string>("SELECT late_supplement_policy FROM rounds WHERE code = '2023'"));
    }
}
