using System.Net;
using Dapper;
using GrantAdmin.Tests.Features.Account;
using GrantAdmin.Tests.Features.Decisions;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Decisions;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Hosting;
using GrantAdmin.Web.Infrastructure.Mail;
using Hangfire;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// Production's shape on one SQLite file: this app is web server A (Host:Role Web), <see cref="WebServer"/> makes
/// another, and <see cref="Worker"/> is the one process that runs the jobs. Each has its own services, connection
/// pools, key ring cache and in-memory job store; they share only the database.
/// </summary>
public sealed class MultiHostApp : TestApp
{
    public WebApplicationFactory<Program> Worker { get; private set; } = null!;

    protected override void ConfigureSettings(IWebHostBuilder builder) => builder.UseSetting(HostRoles.Setting, nameof(HostRole.Web));

    public WebApplicationFactory<Program> WebServer() => WithRole(HostRole.Web);

    public WebApplicationFactory<Program> WithRole(HostRole role) => WithWebHostBuilder(b => b.UseSetting(HostRoles.Setting, role.ToString()));

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Worker = WithRole(HostRole.Worker);
        _ = Worker.Services; // started: its Hangfire server and database poll run from now on
    }

    public override async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>
/// Several web servers and a separate job worker on one database (issue 17 §2): a sign-in on one server is good on the
/// other, a form token from one is accepted by the other (the key ring is in the database), a verzendronde started on a
/// web server is done by the worker even when that web server is gone, and two workers never send one mail twice.
/// </summary>
[Collection(OwnAppCollection.Name)]
public sealed class MultiHostTests(MultiHostApp app) : IClassFixture<MultiHostApp>, IAsyncLifetime
{
    private MultiHostApp App { get; } = app;
    private TestData Data => new(App);

    public async ValueTask InitializeAsync() => await App.ResetAsync();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData(null, HostRole.Both)]
    [InlineData("", HostRole.Both)]
    [InlineData("Web", HostRole.Web)]
    [InlineData("worker", HostRole.Worker)]
    [InlineData("BOTH", HostRole.Both)]
    public void Role_IsReadByName_BothWhenUnset(string? value, HostRole expected) =>
        Assert.Equal(expected, HostRoles.Of(Settings(value)));

    [Theory]
    [InlineData("1")]
    [InlineData("Webserver")]
    [InlineData("Web,Worker")]
    public void UnknownRole_StopsTheStart_NamingTheSetting(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => HostRoles.Of(Settings(value)));
        Assert.Contains("Host:Role", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebServers_RunNoJobs_TheWorkerServesNoPages()
    {
        await using var webB = App.WebServer();
        Assert.False(RunsJobServer(App.Services));
        Assert.False(RunsJobServer(webB.Services));
        Assert.True(RunsJobServer(App.Worker.Services));
        using var web = Client(webB, new CookieContainer());
        using var worker = Client(App.Worker, new CookieContainer());
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/inloggen")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync("/inloggen")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync("/beheer/hangfire")).Status);
        // The worker still answers its probes, so an orchestrator can see it live and ready.
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync("/health/live")).Status);
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync("/health/ready")).Status);
    }

    [Fact]
    public async Task SignInOnOneServer_ReadsOnTheOther_AndAFormTokenFromOneIsAcceptedByTheOther()
    {
        await using var webB = App.WebServer();
        var email = await Data.UserAsync(Roles.Tekenbevoegde, TestData.Utrecht);
        var jar = new CookieContainer();
        using var onA = Client(App, jar);
        using var onB = Client(webB, jar);

        await onA.LoginAsync(email);
        var dashboard = await onB.GetAsync("/aanvragen");
        Assert.Equal(HttpStatusCode.OK, dashboard.Status);

        // The token (and its cookie) come from B; A checks them and starts the draft.
        var token = await onB.TokenAsync("/aanvragen");
        var started = await onA.Http.PostAsync("/aanvragen/starten", new FormUrlEncodedContent(
            [new("roundId", (await Data.RoundIdAsync("2023")).ToString(System.Globalization.CultureInfo.InvariantCulture)), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.StartsWith("/aanvragen/", started.Headers.Location!.ToString(), StringComparison.Ordinal);

        // No shared folder: both servers keep their keys in the database, and found the same ring there.
        Assert.IsType<DbKeyRing>(App.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        Assert.IsType<DbKeyRing>(webB.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        await using var connection = await App.Db.OpenAsync();
        Assert.True(await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM data_protection_keys") >= 1);
    }

    [Fact]
    public async Task KeyRing_KeepsAKeyStoredTwiceOnce_AndEachServerReadsTheOthersKeys()
    {
        var onA = new DbKeyRing(App.Db);
        var onB = new DbKeyRing(new Db(App.ConnectionString, App.Db.Dialect));
        var name = $"key-{Guid.NewGuid()}";
        var element = new System.Xml.Linq.XElement("proef", new System.Xml.Linq.XAttribute("id", name), "sleutel");
        var before = onB.GetAllElements().Count;
        try
        {
            onA.StoreElement(element, name);
            onB.StoreElement(element, name); // two servers that made the same key: it is kept once
            Assert.Equal(before + 1, onB.GetAllElements().Count);
            Assert.Single(onB.GetAllElements(), e => System.Xml.Linq.XNode.DeepEquals(e, element));
        }
        finally
        {
            await using var connection = await App.Db.OpenAsync();
            await connection.ExecuteAsync("DELETE FROM data_protection_keys WHERE friendly_name = @name", new { name });
        }
    }

    [Fact]
    public async Task LetterRunStartedOnAWebServer_IsDoneByTheWorker_AfterThatServerStopped()
    {
        var steps = new DecisionSteps(App);
        var approver = await Data.SignedInAsync(Roles.Accordeerder);
        var decided = new List<int>();
        foreach (var code in new[] { TestData.Utrecht, TestData.Goes, TestData.Groningen })
        {
            var (reviewer, id) = await steps.JudgedAsync(code);
            Assert.Equal(HttpStatusCode.Redirect, (await DecisionSteps.Prepare(reviewer, id, nameof(DecisionKind.Verlening))).Status);
            Assert.Equal(HttpStatusCode.Redirect, (await DecisionSteps.Approve(approver, id, new KeyValuePair<string, string>("SendLater", "true"))).Status);
            decided.Add(id);
        }

        var webB = App.WebServer();
        var jar = new CookieContainer();
        using (var office = Client(webB, jar))
        {
            await office.LoginAsync(await Data.UserAsync(Roles.Behandelaar));
            var started = await office.PostAsync("/behandeling/verzenden", [new("Scope", SendLetters.All)]);
            Assert.Equal(HttpStatusCode.Redirect, started.Status);
        }
        await webB.DisposeAsync(); // the server that started the run is gone: the run lives in the database

        foreach (var id in decided) await Data.LetterSentAsync(id);
        var mails = await App.DeliveredAsync("Besluit op aanvraag");
        Assert.Equal(3, mails.Count);
        Assert.Equal(3, mails.Select(m => m.MessageId).Distinct().Count());
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(["Sent"], await connection.QueryAsync<string>("SELECT DISTINCT status FROM decision_dispatch_items"));
        Assert.Equal(3, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM documents WHERE kind LIKE @prefix",
            new { prefix = DecisionLetter.KindPrefix + "%" }));
    }

    [Fact]
    public async Task TwoWorkers_DrainingOneOutboxAtOnce_SendEachMailOnce()
    {
        await using var secondWorker = App.WithRole(HostRole.Worker);
        var ids = new List<int>();
        for (var i = 0; i < 60; i++)
            ids.Add(await App.Db.WriteAsync(w => w.EnqueueMailAsync(
                new OutgoingMail([$"gemeente{i}@test.example"], $"Werkerproef {i}", "Tekst", null, null), App.Clock.GetUtcNow().UtcDateTime, CancellationToken.None)));

        // Besides both workers' own polls, each drains at the same moment, twice over.
        var go = new TaskCompletionSource();
        var drains = new[] { App.Worker, secondWorker, App.Worker, secondWorker }.Select(async worker =>
        {
            await go.Task;
            await using var scope = worker.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DrainAsync(CancellationToken.None);
        }).ToList();
        go.SetResult();
        await Task.WhenAll(drains);

        var mails = await App.DeliveredAsync("Werkerproef");
        Assert.Equal(60, mails.Count);
        Assert.Equal(ids.Select(id => $"outbox-{id}@grantadmin").Order(), mails.Select(m => m.MessageId).Order());
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(60, await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE status = 'Sent' AND attempts = 1"));
    }

    [Fact]
    public async Task AWebServerKilledMidBurst_LosesNoAcknowledgedSubmission_AndTheWorkerSendsEveryReceiptOnce()
    {
        Assert.SkipWhen(TestApp.OnSqlServer, "the killed web server is a process of its own on the SQLite file");
        const int count = 12;
        await using var connection = await App.Db.OpenAsync();
        var codes = (await connection.QueryAsync<string>("""
            SELECT m.cbs_code FROM municipalities m JOIN municipality_lists l ON l.municipality_id = m.id AND l.list_year = 2023 ORDER BY m.cbs_code
            """)).Take(count).ToList();
        var drafts = new List<(AppClient OnA, int Id)>();
        foreach (var code in codes) drafts.Add(await Data.CompleteDraftAsync(code));

        // Web server B: a real process on the same file (Host:Role Web), its clock a minute after the test's.
        var databasePath = App.ConnectionString["Data Source=".Length..];
        var webB = await AppProcess.StartAsync(AppProcess.FreePort(), databasePath, App.Smtp.Port, App.Clock.GetUtcNow().AddMinutes(1),
            new Dictionary<string, string> { ["Host__Role"] = nameof(HostRole.Web) });
        var submitters = new List<(AppClient OnB, int Id, string Token)>();
        for (var i = 0; i < count; i++)
        {
            var onB = webB.Client();
            await onB.LoginAsync(await Data.UserAsync(Roles.Tekenbevoegde, codes[i]));
            submitters.Add((onB, drafts[i].Id, await onB.TokenAsync($"/aanvragen/{drafts[i].Id}/indienen")));
        }

        // All submit on B at once; B is killed (SIGKILL) once a third have their answer.
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<int>();
        var answered = 0;
        var go = new TaskCompletionSource();
        var posts = submitters.Select(async s =>
        {
            await go.Task;
            try
            {
                var response = await s.OnB.Http.PostAsync($"/aanvragen/{s.Id}/indienen", new FormUrlEncodedContent([new("__RequestVerificationToken", s.Token)]));
                if (response.StatusCode == HttpStatusCode.Redirect) acknowledged.Add(s.Id);
                if (Interlocked.Increment(ref answered) == count / 3) webB.Kill();
            }
            catch (HttpRequestException) { } // B died under it
            catch (TaskCanceledException) { }
        }).ToList();
        go.SetResult();
        await Task.WhenAll(posts);
        await webB.DisposeAsync();
        Assert.True(acknowledged.Count >= count / 3, $"{acknowledged.Count} acknowledged before the kill");

        // Every acknowledged submission is whole; the rest press indienen again on A, and each gets one receipt.
        var received = (await connection.QueryAsync<int>("SELECT id FROM applications WHERE kenmerk IS NOT NULL")).ToHashSet();
        Assert.Superset(acknowledged.ToHashSet(), received);
        App.Clock.SetUtcNow(App.Clock.GetUtcNow().AddMinutes(10)); // after B's moments: one clock order, as synchronised servers keep it
        foreach (var (onA, id) in drafts)
            Assert.Equal($"/aanvragen/{id}/ontvangstbevestiging", (await onA.PostAsync($"/aanvragen/{id}/indienen", [], tokenFrom: "/aanvragen")).Location);
        Assert.Equal(Enumerable.Range(1, count),
            await connection.QueryAsync<int>("SELECT kenmerk_number FROM applications WHERE kenmerk IS NOT NULL ORDER BY kenmerk_number"));
        var receipts = await App.DeliveredAsync("Ontvangstbevestiging aanvraag");
        Assert.Equal(count, receipts.Count);
        Assert.Equal(count, receipts.Select(m => m.Subject).Distinct().Count());
    }

    private static IConfiguration Settings(string? role) =>
        new ConfigurationBuilder().AddInMemoryCollection([new(HostRoles.Setting, role)]).Build();

    private static bool RunsJobServer(IServiceProvider services) =>
        services.GetServices<IHostedService>().Any(s => s.GetType().Name.Contains("BackgroundJobServer", StringComparison.Ordinal));

    private static AppClient Client(WebApplicationFactory<Program> server, CookieContainer jar) =>
        new(server.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(jar)));
}
