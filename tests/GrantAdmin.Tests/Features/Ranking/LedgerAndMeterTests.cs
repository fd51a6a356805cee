using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Ranking;

public sealed class LedgerAndMeterTests(TestApp app) : AppTest(app)
{
    private async Task<int> SubmitAsync(string code)
    {
        var (client, id) = await Data.CompleteDraftAsync(code);
        await TestData.SubmitAsync(client, id);
        return id;
    }

    [Fact]
    public async Task Submissions_GetProvisionalPositionsInOrderOfReceipt_AndWithdrawalMovesTheNextUp()
    {
        var first = await SubmitAsync(TestData.Utrecht);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await SubmitAsync(TestData.Goes);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var third = await SubmitAsync(TestData.Groningen);
        await using var connection = await App.Db.OpenAsync();
        const string positions = "SELECT id, ranking_position FROM applications WHERE kenmerk IS NOT NULL ORDER BY id";
        Assert.Equal([(first, 1), (second, 2), (third, 3)], (await connection.QueryAsync<(int, int)>(positions)).ToList());

        var owner = await Data.SignedInAsync(Roles.Tekenbevoegde, TestData.Goes);
        await owner.PostAsync($"/aanvragen/{second}/intrekken", [new("Reason", "Geen projectleider gevonden")]);

        Assert.Equal([(first, (int?)1), (second, null), (third, 2)], (await connection.QueryAsync<(int, int?)>(positions)).ToList());
    }

    [Fact]
    public async Task LedgerCheck_SaysKlopt_ThenNamesTheFirstDifferenceAfterTampering()
    {
        await SubmitAsync(TestData.Utrecht);
        await SubmitAsync(TestData.Goes);
        var reviewer = await Data.SignedInAsync(Roles.Behandelaar);

        var ok = await reviewer.GetAsync("/rondes/2023/grootboekcontrole");
        Assert.StartsWith("Klopt Klopt: 2 grootboekregels herberekend", System.Text.RegularExpressions.Regex.Replace(ok.Text("[data-testid=verdict]"), @"\s+", " "));

        await using var connection = await App.Db.OpenAsync();
        await connection.ExecuteAsync("UPDATE applications SET ranking_position = 7 WHERE kenmerk = 'SUVCO-2023-000002'");
        var stored = await reviewer.GetAsync("/rondes/2023/grootboekcontrole");
        Assert.Contains("Aanvraag SUVCO-2023-000002: herberekend plaats 2", stored.Text("[data-testid=verdict]"));

        await connection.ExecuteAsync("UPDATE ranking_ledger SET amount_cents = 1 WHERE id = 1");
        var chain = await reviewer.GetAsync("/rondes/2023/grootboekcontrole");
        Assert.Contains("Regel 1 van het grootboek (Ontvangen, SUVCO-2023-000001) past niet in de hashketen", chain.Text("[data-testid=verdict]"));
    }

    [Fact]
    public async Task CeilingMeter_PublicWithoutLogin_ShowsTheLiveStand()
    {
        await SubmitAsync(TestData.Utrecht);
        await SubmitAsync(TestData.Goes);

        var page = await App.Client().GetAsync("/plafond");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("€ 1.250.000,00", page.Text("[data-testid=meter-2023] [data-testid=ceiling]"));
        Assert.Equal("€ 100.000,00", page.Text("[data-testid=meter-2023] [data-testid=not-judged]"));
        Assert.Equal("€ 1.250.000,00", page.Text("[data-testid=meter-2023] [data-testid=available]"));
        Assert.Equal("€ 0,00", page.Text("[data-testid=meter-2022] [data-testid=reserved]"));
    }

    [Fact]
    public async Task ApplicantDashboard_ShowsTheMeterAndItsOwnProvisionalPosition()
    {
        await SubmitAsync(TestData.Goes);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var (client, id) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(client, id);

        var dashboard = await client.GetAsync("/aanvragen");

        Assert.Equal("2 (voorlopig)", dashboard.Text($"[data-testid=position-{id}]"));
        Assert.Equal("€ 100.000,00", dashboard.Text("[data-testid=meter-2023] [data-testid=not-judged]"));
        Assert.Equal("€ 1.250.000,00", dashboard.Text("[data-testid=meter-2023] [data-testid=available]"));
    }
}
