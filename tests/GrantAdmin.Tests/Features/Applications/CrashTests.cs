using System.Net;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Features.Users;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>
/// The server is killed with SIGKILL in the middle of a window opening — once after a third of the responses, once after
/// a third of the commits — and started again on the same database. Every acknowledged submission is there, nothing is
/// half-written, the kenmerken are gap-free, the ledger replays, a gemeente that presses indienen again gets its receipt,
/// and every receipt mail goes out (the outbox picks up what the dead process left). The long run is ops/crash-test.
/// </summary>
public sealed class CrashTests : IAsyncLifetime
{
    // 45 per burst in the suite; ops/crash-test runs the same test with 171 (342 in all).
    private static readonly int PerBurst = int.TryParse(Environment.GetEnvironmentVariable("GRANTADMIN_CRASH_PER_BURST"), out var n) && n >= 6 ? n : 45;
    private static readonly DateTimeOffset Opening = new(2023, 2, 1, 10, 0, 0, TimeSpan.FromHours(1));

    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"grantadmin-crash-{Guid.NewGuid():N}.db");
    private readonly SmtpServer smtp = new();
    private readonly int port = AppProcess.FreePort();
    private AppProcess? app;

    /// <summary>A gemeente's tekenbevoegde, signed in (the cookie outlives the server's restarts), and its complete draft.</summary>
    private sealed record Gemeente(AppClient Client, int ApplicationId);

    public async ValueTask InitializeAsync()
    {
        await smtp.StartAsync();
        app = await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
        await smtp.DisposeAsync();
        foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }

    // A short lease and a sweep every 15 s, so that mail claimed by the killed process is sent again within the test.
    private Task<AppProcess> StartAsync() => AppProcess.StartAsync(port, databasePath, smtp.Port, Opening,
        new Dictionary<string, string> { ["Outbox__LeaseSeconds"] = "5", ["Outbox__SweepCron"] = "*/15 * * * * *" });

    private Db Database() => new($"Data Source={databasePath}", SqlDialect.Sqlite);

    [Fact]
    public async Task KilledMidBurst_TwiceOver_EveryAcknowledgedSubmissionIsWhole_AndTheRestSubmitOnce()
    {
        var gemeenten = await PrepareAsync(2 * PerBurst);
        using var clients = new DisposeAll(gemeenten.Select(g => g.Client));
        var acknowledged = new HashSet<int>();

        // Burst 1: killed once a third of the gemeenten have their answer.
        acknowledged.UnionWith(await BurstAsync(gemeenten.Take(PerBurst).ToList(), killAfterResponses: PerBurst / 3, killAfterCommits: null));
        await RestartAndCheckAsync(acknowledged);

        // Burst 2: killed once a third of its submissions are committed, whatever the responses.
        var before = await CommittedAsync();
        acknowledged.UnionWith(await BurstAsync(gemeenten.Skip(PerBurst).ToList(), killAfterResponses: null, killAfterCommits: before + PerBurst / 3));
        await RestartAndCheckAsync(acknowledged);

        // Everyone presses indienen (again): the unanswered get a receipt now, the answered their first one; none twice.
        foreach (var gemeente in gemeenten)
        {
            var page = await gemeente.Client.PostAsync($"/aanvragen/{gemeente.ApplicationId}/indienen", [], tokenFrom: "/aanvragen");
            Assert.Equal($"/aanvragen/{gemeente.ApplicationId}/ontvangstbevestiging", page.Location);
        }
        await AssertWholeAsync(acknowledged, expectedCount: 2 * PerBurst);

        // Every receipt goes out, the ones the killed process had claimed included; a resend keeps its Message-Id.
        await using var connection = await Database().OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(240); // the suite runs beside it on two cores: printing 90 receipts takes a while
        while (await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE status <> 'Sent'") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The outbox did not empty after the restarts.");
            await Task.Delay(250);
        }
        var outbox = (await connection.QueryAsync<int>("SELECT id FROM outbox_messages")).Select(id => $"outbox-{id}@grantadmin").ToHashSet();
        var delivered = smtp.Messages().Select(m => m.MessageId).OfType<string>().ToList();
        Assert.Equal(2 * PerBurst, outbox.Count);
        Assert.Superset(outbox, delivered.ToHashSet());
        Assert.Subset(outbox, delivered.ToHashSet());
    }

    private async Task<List<Gemeente>> PrepareAsync(int count)
    {
        var db = Database();
        await using var connection = await db.OpenAsync();
        var codes = (await connection.QueryAsync<string>("""
            SELECT m.cbs_code FROM municipalities m JOIN municipality_lists l ON l.municipality_id = m.id AND l.list_year = 2023 ORDER BY m.cbs_code
            """)).Take(count).ToList();
        var roundId = await connection.QuerySingleAsync<int>("SELECT id FROM rounds WHERE code = '2023'");
        var hash = LoginHandler.Hasher.HashPassword("", TestData.Password); // one hash serves every account: it carries its own salt
        var gemeenten = new List<Gemeente>();
        foreach (var code in codes)
        {
            var email = $"tekenbevoegde.{code.ToLowerInvariant()}@crash.example";
            await connection.ExecuteAsync(ManageUsers.InsertSql, new
            {
                email, displayName = $"Tekenbevoegde {code}", hash, role = Roles.Tekenbevoegde,
                municipalityId = await connection.QuerySingleAsync<int>(ManageUsers.MunicipalityIdSql, new { code }),
                stamp = Guid.NewGuid().ToString("N"), now = Opening.UtcDateTime,
            });
            var client = app!.Client();
            await client.LoginAsync(email);
            var id = await TestData.StartDraftAsync(client, roundId);
            var saved = await TestData.SaveAsync(client, id, TestData.CompleteForm(), TestData.PdfPlan());
            Assert.Equal(HttpStatusCode.Redirect, saved.Status);
            gemeenten.Add(new Gemeente(client, id));
        }
        return gemeenten;
    }

    /// <summary>
    /// Releases the gemeenten's submissions at one instant and kills the server the moment the given number of responses has
    /// arrived, or the given kenmerk number is committed; returns the acknowledged applications.
    /// </summary>
    private async Task<IReadOnlyCollection<int>> BurstAsync(IReadOnlyList<Gemeente> gemeenten, int? killAfterResponses, int? killAfterCommits)
    {
        var submitters = new List<(AppClient Client, int Id, string Token)>();
        foreach (var gemeente in gemeenten)
            submitters.Add((gemeente.Client, gemeente.ApplicationId, await gemeente.Client.TokenAsync($"/aanvragen/{gemeente.ApplicationId}/indienen")));
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<int>();
        var responses = 0;
        var go = new TaskCompletionSource();
        // Arrivals spread over a few hundred milliseconds, as a real opening's are: the kill lands while some are being
        // answered, some committed and not answered, and some not yet received.
        var posts = submitters.Select(async (s, i) =>
        {
            await go.Task;
            await Task.Delay(i * 20);
            try
            {
                var response = await s.Client.Http.PostAsync($"/aanvragen/{s.Id}/indienen",
                    new FormUrlEncodedContent([new("__RequestVerificationToken", s.Token)]));
                if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString() == $"/aanvragen/{s.Id}/ontvangstbevestiging")
                    acknowledged.Add(s.Id);
            }
            catch (HttpRequestException) { } // the server died under it: not acknowledged
            catch (TaskCanceledException) { }
            if (Interlocked.Increment(ref responses) == killAfterResponses) app!.Kill();
        }).ToList();

        await using var connection = await Database().OpenAsync();
        go.SetResult();
        if (killAfterCommits is { } commits)
        {
            while (await CommittedAsync(connection) < commits && Volatile.Read(ref responses) < submitters.Count) { }
            app!.Kill();
        }
        await Task.WhenAll(posts);
        await app!.KillAsync();
        Assert.True(acknowledged.Count < submitters.Count, "the kill fell after the burst: nothing was tested");
        return acknowledged.ToList();
    }

    private async Task RestartAndCheckAsync(IReadOnlySet<int> acknowledged)
    {
        await app!.DisposeAsync();
        app = await StartAsync();
        await AssertWholeAsync(acknowledged, expectedCount: null);
    }

    private async Task<int> CommittedAsync()
    {
        await using var connection = await Database().OpenAsync();
        return await CommittedAsync(connection);
    }

    private static Task<int> CommittedAsync(System.Data.Common.DbConnection connection) =>
        connection.QuerySingleAsync<int>("SELECT last_kenmerk_number FROM rounds WHERE code = '2023'");

    /// <summary>Every acknowledged submission is stored whole; every stored one is whole; the order is gap-free and replays.</summary>
    private async Task AssertWholeAsync(IReadOnlySet<int> acknowledged, int? expectedCount)
    {
        var db = Database();
        await using var connection = await db.OpenAsync();
        var rows = (await connection.QueryAsync<(int Id, int? Number, DateTime? Moment, int Transitions, int Ledger, int Audit, int Outbox)>("""
            SELECT a.id, a.kenmerk_number, a.received_at_utc,
                   (SELECT COUNT(*) FROM state_transitions t WHERE t.application_id = a.id AND t.to_state = 'Ingediend'),
                   (SELECT COUNT(*) FROM ranking_ledger l WHERE l.application_id = a.id AND l.event = 'Ontvangen'),
                   (SELECT COUNT(*) FROM audit_log g WHERE g.application_id = a.id AND g.action = 'AanvraagIngediend'),
                   (SELECT COUNT(*) FROM outbox_messages o WHERE o.application_id = a.id)
            FROM applications a
            """)).ToList();
        var submitted = rows.Where(r => r.Number is not null).OrderBy(r => r.Number).ToList();
        Assert.All(rows, r => Assert.Equal(r.Number is null ? (0, 0, 0, 0) : (1, 1, 1, 1), (r.Transitions, r.Ledger, r.Audit, r.Outbox)));
        Assert.Subset(submitted.Select(r => r.Id).ToHashSet(), acknowledged.ToHashSet());
        Assert.Equal(Enumerable.Range(1, submitted.Count), submitted.Select(r => r.Number!.Value));
        Assert.True(submitted.Zip(submitted.Skip(1)).All(p => p.Second.Moment > p.First.Moment), "receipt moments follow the kenmerk order strictly");
        if (expectedCount is { } count) Assert.Equal(count, submitted.Count);
        var roundId = await connection.QuerySingleAsync<int>("SELECT id FROM rounds WHERE code = '2023'");
        var verdict = await new LedgerCheck(db).RunAsync(roundId, CancellationToken.None);
        Assert.True(verdict.Holds, verdict.Message);
    }

    private sealed class DisposeAll(IEnumerable<IDisposable> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }
}
