using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Ranking;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>
/// Production runs several web servers on one database. A second host (its own services, connection
/// pools and Hangfire server) on the same database file takes half the submissions at the same moment:
/// the order still comes out of the database as one.
/// </summary>
public sealed class TwoServersTests(TestApp app) : AppTest(app)
{
    [Fact]
    public async Task SubmissionsSplitOverTwoServers_OneGapFreeOrder_AndTheLedgerReplays()
    {
        await using var peer = App.WithWebHostBuilder(_ => { }); // same settings, same database: a second server
        Assert.NotSame(App.Services, peer.Services);

        await using var connection = await App.Db.OpenAsync();
        var codes = (await connection.QueryAsync<string>("""
            SELECT m.cbs_code FROM municipalities m JOIN municipality_lists l ON l.municipality_id = m.id AND l.list_year = 2023 ORDER BY m.cbs_code DESC
            """)).Take(30).ToList();
        var drafts = new List<(AppClient Client, int Id)>();
        foreach (var code in codes) drafts.Add(await Data.CompleteDraftAsync(code));
        // Every other gemeente's tekenbevoegde is served by the second server.
        var submitters = new List<(HttpClient Http, int Id, string Token)>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var client = i % 2 == 0 ? drafts[i].Client : await SignInOnPeerAsync(peer, codes[i]);
            submitters.Add((client.Http, drafts[i].Id, await client.TokenAsync($"/aanvragen/{drafts[i].Id}/indienen")));
        }

        var go = new TaskCompletionSource();
        var posts = submitters.Select(async s =>
        {
            await go.Task;
            return await s.Http.PostAsync($"/aanvragen/{s.Id}/indienen", new FormUrlEncodedContent([new("__RequestVerificationToken", s.Token)]));
        }).ToList();
        go.SetResult();
        Assert.All(await Task.WhenAll(posts), r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));

        var received = (await connection.QueryAsync<(int Number, DateTime Moment)>(
            "SELECT kenmerk_number, received_at_utc FROM applications WHERE kenmerk IS NOT NULL ORDER BY kenmerk_number")).ToList();
        Assert.Equal(Enumerable.Range(1, 30), received.Select(r => r.Number));
        Assert.True(received.Zip(received.Skip(1)).All(p => p.Second.Moment > p.First.Moment), "receipt moments follow the kenmerk order strictly");
        var verdict = await App.Service<IServiceScopeFactory>().CreateScope().ServiceProvider.GetRequiredService<LedgerCheck>()
            .RunAsync(await Data.RoundIdAsync("2023"), CancellationToken.None);
        Assert.True(verdict.Holds, verdict.Message);
    }

    private async Task<AppClient> SignInOnPeerAsync(WebApplicationFactory<Program> peer, string code)
    {
        var client = new AppClient(peer.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true,
        }));
        await client.LoginAsync(await Data.UserAsync(Roles.Tekenbevoegde, code));
        return client;
    }
}
