using System.Diagnostics;
using Dapper;
using GrantAdmin.Web;
using GrantAdmin.Web.Features.Decisions;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Pdf;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Microsoft.AspNetCore.Hosting;

namespace GrantAdmin.Benchmarks;

/// <summary>
/// Measures decision letters (ops/measure-dispatch): a load-test database (GenerateApplications) whose applications
/// each get an approved verlening with its letter not sent, then, in one process with the app's own composition
/// (Production settings, nothing served): (1) letters rendered to PDF per second by the warm Chromium, one at a time
/// and N at a time; (2) one verzendronde of every decision, run by <see cref="SendDecisionLettersJob"/> exactly as the
/// Hangfire worker runs it: render, store with SHA-256, set the dates, write the outbox mail, audit — per decision in
/// its own transaction. SMTP delivery is the outbox's own later step and is not part of the run.
/// </summary>
public static class DispatchLoad
{
    internal const string ApproveAllSql = """
        INSERT INTO decisions (application_id, kind, amount_cents, rule_version, status, prepared_by_user_id, prepared_at_utc, reviewed_by_user_id, reviewed_at_utc)
        SELECT a.id, 'Verlening', COALESCE(a.requested_cents, 0), 'Belastingtest', 'Goedgekeurd', @userId, @now, @userId, @now
        FROM applications a JOIN rounds r ON r.id = a.round_id WHERE r.code = @code AND a.kenmerk IS NOT NULL
        """;

    /// <summary>The pages a reviewer and a gemeente open all day, read while letters are printed.</summary>
    private static readonly (string Email, string Path)[] KeyPages =
    [
        (GenerateApplications.ReviewerEmail, "/behandeling"),
        (GenerateApplications.SignatoryEmail, "/aanvragen"),
    ];

    public static async Task RunAsync(string path, int count, int renders, int degree, CancellationToken ct)
    {
        await GenerateApplications.RunAsync(path, count, ct);
        var db = new Db($"Data Source={path}", SqlDialect.Sqlite);
        var userId = await db.QuerySingleOrDefaultAsync<int>(GenerateApplications.UserIdSql, new { email = GenerateApplications.ReviewerEmail }, ct);
        var approved = await db.WriteAsync(w => w.Tx.ExecuteAsync(ApproveAllSql, new { userId, now = new DateTime(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc), code = GenerateApplications.RoundCode }, ct), ct);

        {
            // One degree per process (ops/measure-dispatch loops): a second app host in one process trips over Hangfire's static state.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(Composition).Assembly.GetName().Name, EnvironmentName = "Production", Args = [],
            });
            var baseAddress = new Uri($"http://127.0.0.1:{ChildProcess.FreePort()}");
            builder.WebHost.UseUrls(baseAddress.ToString().TrimEnd('/'));
            builder.Configuration["ConnectionStrings:GrantAdmin"] = $"Data Source={path}";
            builder.Configuration["Database:Engine"] = "Sqlite";
            builder.Configuration["Hangfire:ProcessWideLogsOff"] = "true";
            builder.Configuration["Security:HttpsOnlyCookies"] = "false";
            builder.Configuration["DataProtection:KeysPath"] = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "keys");
            builder.Configuration["Dispatch:Parallelism"] = degree.ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            var before = builder.Services.Count;
            builder.AddGrantAdmin();
            // No Hangfire server (its sweep would run the dispatch beside the measured run) and no warm-up: the job is run
            // here, as the worker runs it, and the renderer is warmed below. The web server itself stays.
            foreach (var hosted in builder.Services.Skip(before).Where(d => d.ServiceType == typeof(IHostedService)).ToList())
                builder.Services.Remove(hosted);
            await using var app = builder.Build();
            app.UseGrantAdmin();
            await app.StartAsync(ct);

            using var scope = app.Services.CreateScope();
            var services = scope.ServiceProvider;
            var letters = services.GetRequiredService<DecisionLetter>();
            var razor = services.GetRequiredService<RazorRenderer>();
            var pdf = services.GetRequiredService<PdfRenderer>();
            var sample = await db.QuerySingleOrDefaultAsync<(int ApplicationId, int DecisionId)>(
                "SELECT application_id AS ApplicationId, id AS DecisionId FROM decisions WHERE sent_on IS NULL ORDER BY id LIMIT 1", null, ct);
            var model = (await letters.LoadUnsentAsync(sample.ApplicationId, sample.DecisionId, new DateOnly(2025, 3, 3), new DateOnly(2025, 4, 15), ct))!;
            async Task<int> RenderOneAsync() => (await pdf.RenderAsync(await razor.RenderAsync(DecisionLetter.ViewPath, model), ct)).Length;

            for (var i = 0; i < 10; i++) await RenderOneAsync(); // warm: browser started, views compiled, JIT
            await PerLetterAsync(services.GetRequiredService<IOptions<PdfSettings>>().Value, razor, pdf, model, renders, ct);

            Console.WriteLine("| what | parallel | work | time | throughput | size |");
            Console.WriteLine("|---|---:|---|---:|---:|---:|");
            var clock = Stopwatch.StartNew();
            var bytes = 0L;
            await Parallel.ForEachAsync(Enumerable.Range(0, renders), new ParallelOptions { MaxDegreeOfParallelism = degree, CancellationToken = ct },
                async (_, _) => Interlocked.Add(ref bytes, await RenderOneAsync()));
            clock.Stop();
            Console.WriteLine(FormattableString.Invariant($"| render only | {degree} | {renders} letters | {clock.Elapsed.TotalSeconds:F1} s | {renders / clock.Elapsed.TotalSeconds:F1} letters/s | {bytes / renders / 1024.0:F0} KiB/letter |"));

            // One verzendronde of every waiting decision; the next degree gets them again (dates and documents cleared).
            await db.WriteAsync(async w =>
            {
                await w.Tx.ExecuteAsync("DELETE FROM documents WHERE kind LIKE 'Besluit-%'", null, ct);
                await w.Tx.ExecuteAsync("UPDATE decisions SET sent_on = NULL, objection_due_on = NULL", null, ct);
                return await w.Tx.ExecuteAsync("UPDATE decision_dispatch_items SET status = 'Skipped' WHERE status = 'Pending'", null, ct);
            }, ct);
            var ids = await db.QueryAsync<int>("SELECT id FROM decisions WHERE status = 'Goedgekeurd' AND sent_on IS NULL ORDER BY id", null, ct);
            var time = services.GetRequiredService<TimeProvider>();
            var (dispatchId, items) = await db.WriteAsync(w =>
                DecisionDispatch.CreateAsync(w, userId, DecisionDispatch.FromOffice, ids, time.GetUtcNow().UtcDateTime, ct), ct);

            var lanes = await LanesAsync(baseAddress, ct);
            await ProbeAsync(lanes, Task.Delay(TimeSpan.FromSeconds(10), ct)); // warm: views compiled, JIT, caches; not counted
            var idle = await ProbeAsync(lanes, Task.Delay(TimeSpan.FromSeconds(15), ct));
            var idleLoad = File.ReadAllText("/proc/loadavg").Trim();
            clock.Restart();
            var run = services.GetRequiredService<SendDecisionLettersJob>().ExecuteAsync(dispatchId, ct);
            var during = await ProbeAsync(lanes, run);
            await run;
            clock.Stop();
            var sent = await db.QuerySingleOrDefaultAsync<int>(
                "SELECT COUNT(*) FROM decision_dispatch_items WHERE dispatch_id = @dispatchId AND status = 'Sent'", new { dispatchId }, ct);
            var documents = await db.QuerySingleOrDefaultAsync<int>("SELECT COUNT(*) FROM documents WHERE kind LIKE 'Besluit-%'", null, ct);
            Console.WriteLine(FormattableString.Invariant($"| verzendronde | {degree} | {items} decisions ({sent} sent, {documents} letters stored) | {clock.Elapsed.TotalSeconds:F1} s | {sent / clock.Elapsed.TotalSeconds:F1} letters/s | |"));
            Console.WriteLine();
            Console.WriteLine(FormattableString.Invariant($"| page ({KeyPages.Length * LanesPerPage} users, each a request every {Interval.TotalMilliseconds} ms) | requests | p50 ms | p95 ms | p99 ms | max ms | errors |"));
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var (_, page) in KeyPages)
            {
                Console.WriteLine(idle.Row($"{page}, idle (15 s, load {idleLoad})", page));
                Console.WriteLine(during.Row($"{page}, during the verzendronde", page));
            }
            foreach (var lane in lanes) lane.Client.Dispose();
            await app.StopAsync(ct);
        }
        Console.WriteLine(FormattableString.Invariant($"({approved} approved decisions; load average {File.ReadAllText("/proc/loadavg").Trim()})"));
    }

    /// <summary>
    /// One letter at a time, N times, alternating (so both see the same load): Chromium's floor — one warm page of a
    /// browser of its own, the same letter's HTML set as content and printed with the same options — and the app's
    /// path — Razor view to HTML, then <see cref="PdfRenderer"/> (pool, bidi strip, set content, print).
    /// </summary>
    private static async Task PerLetterAsync(PdfSettings settings, RazorRenderer razor, PdfRenderer pdf, DecisionLetter.Model model, int n, CancellationToken ct)
    {
        using var playwright = await Playwright.CreateAsync();
        var before = ProcessPriority.Descendants(Environment.ProcessId);
        await using var browser = await playwright.Chromium.LaunchAsync(PdfRenderer.LaunchOptions(settings));
        ProcessPriority.Lower(ProcessPriority.NewBrowser(before), settings.Niceness); // the same priority as the app's browser
        var context = await browser.NewContextAsync(PdfRenderer.ContextOptions);
        var page = await context.NewPageAsync();
        await page.RouteAsync("**/*", route => route.AbortAsync());
        ProcessPriority.Lower(ProcessPriority.NewBrowser(before), settings.Niceness);
        var html = await razor.RenderAsync(DecisionLetter.ViewPath, model);
        var pages = 0;
        for (var i = 0; i < 10; i++) await page.SetContentAsync(html); // warm, as the app's pages are
        var (setContent, print, floor, view, render, app) = (new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var i = 0; i < n; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await page.SetContentAsync(html);
            var set = Stopwatch.GetTimestamp();
            var bytes = await page.PdfAsync(PdfRenderer.PrintOptions);
            var printed = Stopwatch.GetTimestamp();
            if (i == 0)
                using (var document = UglyToad.PdfPig.PdfDocument.Open(bytes)) pages = document.NumberOfPages;
            setContent.Add(Stopwatch.GetElapsedTime(start, set).TotalMilliseconds);
            print.Add(Stopwatch.GetElapsedTime(set, printed).TotalMilliseconds);
            floor.Add(Stopwatch.GetElapsedTime(start, printed).TotalMilliseconds);

            start = Stopwatch.GetTimestamp();
            var letter = await razor.RenderAsync(DecisionLetter.ViewPath, model);
            var viewed = Stopwatch.GetTimestamp();
            await pdf.RenderAsync(letter, ct);
            var done = Stopwatch.GetTimestamp();
            view.Add(Stopwatch.GetElapsedTime(start, viewed).TotalMilliseconds);
            render.Add(Stopwatch.GetElapsedTime(viewed, done).TotalMilliseconds);
            app.Add(Stopwatch.GetElapsedTime(start, done).TotalMilliseconds);
        }
        var floorP = Latencies.Of(floor);
        var appP = Latencies.Of(app);
        Console.WriteLine(FormattableString.Invariant($"| per letter ({n}, {pages} pages, one at a time, alternating) | p50 ms | p95 ms | p99 ms |"));
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (label, values) in new[] { ("floor: set content", setContent), ("floor: print", print), ("**floor: Chromium, one warm page**", floor),
                     ("app: Razor view", view), ("app: PdfRenderer (pool, set content, print)", render), ("**app: letter (Razor + PdfRenderer)**", app) })
        {
            var l = Latencies.Of(values);
            Console.WriteLine(FormattableString.Invariant($"| {label} | {l.P50:F1} | {l.P95:F1} | {l.P99:F1} |"));
        }
        Console.WriteLine(FormattableString.Invariant($"| ratio app / floor | {appP.P50 / floorP.P50:F2} | {appP.P95 / floorP.P95:F2} | |"));
        Console.WriteLine(FormattableString.Invariant($"(load average {File.ReadAllText("/proc/loadavg").Trim()})"));
        Console.WriteLine();
    }

    private const int LanesPerPage = 4;

    /// <summary>Each user asks a page this often (8 users: 40 requests/s), whether or not the last answer came: people do not wait for the server.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private sealed record Lane(HttpClient Client, string Path);

    /// <summary>Signed-in users (their own cookies and connection) per key page.</summary>
    private static async Task<IReadOnlyList<Lane>> LanesAsync(Uri baseAddress, CancellationToken ct)
    {
        var lanes = new List<Lane>();
        foreach (var (email, page) in KeyPages)
            for (var i = 0; i < LanesPerPage; i++)
            {
                var client = BurstClient.Connection(baseAddress, new System.Net.CookieContainer());
                await Preparation.LoginAsync(client, email, GenerateApplications.ReviewerPassword, null, ct);
                lanes.Add(new Lane(client, page));
            }
        return lanes;
    }

    private sealed record Probe(IReadOnlyList<(string Path, double Ms, bool Ok)> Replies)
    {
        public string Row(string label, string path)
        {
            var mine = Replies.Where(r => r.Path == path).ToList();
            var l = Latencies.Of(mine.Select(r => r.Ms));
            return FormattableString.Invariant($"| {label} | {mine.Count} | {l.P50:F1} | {l.P95:F1} | {l.P99:F1} | {l.Max:F1} | {mine.Count(r => !r.Ok)} |");
        }
    }

    /// <summary>
    /// Each lane GETs its page every <see cref="Interval"/> (an open loop: a slow answer does not slow the arrivals, so a
    /// starved server shows as latency) until <paramref name="until"/> completes.
    /// </summary>
    private static async Task<Probe> ProbeAsync(IReadOnlyList<Lane> lanes, Task until)
    {
        var replies = new System.Collections.Concurrent.ConcurrentBag<(string, double, bool)>();
        async Task AskAsync(Lane lane)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await lane.Client.GetAsync(lane.Path);
            await response.Content.ReadAsByteArrayAsync();
            replies.Add((lane.Path, Stopwatch.GetElapsedTime(start).TotalMilliseconds, response.StatusCode == System.Net.HttpStatusCode.OK));
        }
        await Task.WhenAll(lanes.Select(async (lane, i) =>
        {
            var asked = new List<Task>();
            await Task.Delay(Interval * i / lanes.Count); // spread over the interval
            using var timer = new PeriodicTimer(Interval);
            do asked.Add(AskAsync(lane));
            while (!until.IsCompleted && await timer.WaitForNextTickAsync());
            await Task.WhenAll(asked);
        }));
        return new Probe(replies.ToList());
    }
}
