using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>
/// First come, first served must hold under load: the order is decided in the database (one write lock per
/// round), never in process memory. The test clock stands still, so every submission sees the same "now"
/// and the strictly-after-the-previous rule is what keeps the moments apart.
/// </summary>
public sealed class ConcurrentSubmissionTests(TestApp app) : AppTest(app)
{
    private sealed record Received(int KenmerkNumber, string Kenmerk, DateTime ReceivedAtUtc);

    [Fact]
    public async Task FiftyGemeenten_SubmitAtOnce_AllLandWithDistinctIncreasingMomentsAndGapFreeKenmerken()
    {
        await using var connection = await App.Db.OpenAsync();
        var codes = (await connection.QueryAsync<string>("""
            SELECT m.cbs_code FROM municipalities m JOIN municipality_lists l ON l.municipality_id = m.id AND l.list_year = 2023
            ORDER BY m.cbs_code
            """)).Take(50).ToList();
        var drafts = new List<(AppClient Client, int Id)>();
        foreach (var code in codes) drafts.Add(await Data.CompleteDraftAsync(code));
        var tokens = await Task.WhenAll(drafts.Select(d => d.Client.TokenAsync($"/aanvragen/{d.Id}/indienen")));

        var start = new TaskCompletionSource();
        var submissions = drafts.Select(async (d, i) =>
        {
            await start.Task;
            return await d.Client.Http.PostAsync($"/aanvragen/{d.Id}/indienen",
                new FormUrlEncodedContent([new("__RequestVerificationToken", tokens[i])]));
        }).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(submissions);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var received = (await connection.QueryAsync<Received>("""
            SELECT kenmerk_number AS KenmerkNumber, kenmerk, received_at_utc AS ReceivedAtUtc
            FROM applications WHERE state = 'Ingediend' ORDER BY kenmerk_number
            """)).ToList();
        Assert.Equal(Enumerable.Range(1, 50), received.Select(r => r.KenmerkNumber));
        Assert.Equal(received.Select(r => $"SUVCO-2023-{r.KenmerkNumber:D6}"), received.Select(r => r.Kenmerk));
        for (var i = 1; i < received.Count; i++)
            Assert.True(received[i].ReceivedAtUtc > received[i - 1].ReceivedAtUtc,
                $"{received[i].Kenmerk} was received at {received[i].ReceivedAtUtc:O}, not after {received[i - 1].ReceivedAtUtc:O}");
        Assert.Equal(50, await connection.QuerySingleAsync<int>("SELECT COUNT(DISTINCT moment_utc) FROM ranking_ledger WHERE event = 'Ontvangen'"));
    }

    [Fact]
    public async Task TenRequestsOfOneGemeente_AtOnce_EndWithExactlyOneApplication()
    {
        var email = await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        var clients = new List<AppClient>();
        for (var i = 0; i < 10; i++)
        {
            var client = App.Client();
            await client.LoginAsync(email);
            clients.Add(client);
        }
        var roundId = await Data.RoundIdAsync("2023");

        // Ten "start a draft" clicks at once: one draft, and every click lands on it.
        var startTokens = await Task.WhenAll(clients.Select(c => c.TokenAsync("/aanvragen")));
        var gate = new TaskCompletionSource();
        var starts = clients.Select(async (c, i) =>
        {
            await gate.Task;
            return await c.Http.PostAsync("/aanvragen/starten", new FormUrlEncodedContent(
                [new("roundId", roundId.ToString()), new("__RequestVerificationToken", startTokens[i])]));
        }).ToList();
        gate.SetResult();
        var started = await Task.WhenAll(starts);
        var locations = started.Select(r => r.Headers.Location?.ToString()).Distinct().ToList();
        var location = Assert.Single(locations);
        var id = int.Parse(location!.Split('/')[2]);

        await TestData.SaveAsync(clients[0], id, TestData.CompleteForm(), TestData.PdfPlan());

        // Ten "submit" clicks at once: every click gets the one receipt; one kenmerk, one mail.
        var submitTokens = await Task.WhenAll(clients.Select(c => c.TokenAsync($"/aanvragen/{id}/indienen")));
        var go = new TaskCompletionSource();
        var submits = clients.Select(async (c, i) =>
        {
            await go.Task;
            return await c.Http.PostAsync($"/aanvragen/{id}/indienen", new FormUrlEncodedContent([new("__RequestVerificationToken", submitTokens[i])]));
        }).ToList();
        go.SetResult();
        var results = await Task.WhenAll(submits);

        Assert.All(results, r => Assert.Equal($"/aanvragen/{id}/ontvangstbevestiging", r.Headers.Location?.ToString()));
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM applications"));
        Assert.Equal("SUVCO-2023-000001", await connection.QuerySingleAsync<string>("SELECT kenmerk FROM applications"));
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT last_kenmerk_number FROM rounds WHERE code = '2023'"));
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM outbox_messages"));
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM state_transitions WHERE to_state = 'Ingediend'"));
    }
}
