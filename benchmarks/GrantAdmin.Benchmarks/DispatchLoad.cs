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
    /// <summary>
    /// Every application gets an approved refusal "voldoet niet aan de regeling" with its reasons: the letter that runs to
    /// two pages (the verlening prints one), so both the per-letter figures and the verzendronde are of a 2-page letter.
    /// </summary>
    internal const string ApproveAllSql = """
        INSERT INTO decisions (application_id, kind, amount_cents, ground, explanation, rule_version, status, prepared_by_user_id, prepared_at_utc, reviewed_by_user_id, reviewed_at_utc)
        SELECT a.id, 'Afwijzing', 0, @ground, @explanation, 'Regeling specifieke uitkering versterking cliëntondersteuning', 'Goedgekeurd', @userId, @now, @userId, @now
        FROM applications a JOIN rounds r ON r.id = a.round_id WHERE r.code = @code AND a.kenmerk IS NOT NULL
        """;

    /// <summary>Reasons as a reviewer writes them for a refusal on the rules (about 1,900 of the 4,000 characters the form takes).</summary>
    internal const string Explanation = """
        Uw aanvraag gaat over drie activiteiten. Wij hebben elke activiteit getoetst aan artikel 2 van de regeling. Daarin staat voor welke activiteiten de uitkering is: een projectleider die de lokale onafhankelijke cliëntondersteuning versterkt, en onderzoek naar wat daarvoor nodig is.
        De eerste activiteit is de inzet van een projectleider voor 16 uur per week. Volgens het projectplan organiseert deze projectleider vooral de huisvesting en de roosters van het Wmo-loket van de gemeente zelf. Dat loket beoordeelt aanvragen voor een maatwerkvoorziening. Het loket is dus niet onafhankelijk van de gemeente als beslisser, en de inzet versterkt niet de onafhankelijke cliëntondersteuning zoals de Wmo 2015 die bedoelt.
        De tweede activiteit is een onderzoek. Uit het projectplan en de begroting blijkt dat het onderzoek al in 2020 is uitgevoerd en betaald. De regeling geldt voor activiteiten tussen 1 november 2021 en 30 juni 2024. Kosten van eerdere activiteiten komen niet in aanmerking.
        De derde activiteit is de aanschaf van laptops en een nieuwe website voor het loket. Dat zijn geen kosten van een projectleider of van onderzoek. De regeling staat andere kosten niet toe.
        Wij hebben u op 14 februari om een toelichting gevraagd. In uw antwoord van 27 februari schrijft u dat de projectleider ook gesprekken voert met de adviesraad sociaal domein. Dat is een goed begin, maar het projectplan en de begroting laten zien dat dit een klein deel van de uren is. Het bedrag is niet over de toegestane activiteiten verdeeld, en wij kunnen het niet zelf splitsen.
        Daarom voldoet de aanvraag niet aan de regeling. Wilt u een nieuwe aanvraag doen in een volgend tijdvak? Neem dan gerust contact met ons op; wij denken graag mee over een plan dat wel past.
        """;

    /// <summary>The pages a reviewer and a gemeente open all day, read while letters are printed.</summary>
    private static readonly (string Email, string Path)[] KeyPages =
    [
        (GenerateApplications.ReviewerEmail, "/behandeling"),
        (GenerateApplications.SignatoryEmail, "/aanvragen"),
    ];

    public static async Task RunAsync(string path, int count, int renders, int degree, int? pages, CancellationToken ct)
    {
        await GenerateApplications.RunAsync(path, count, ct);
        var db = new Db($"Data Source={path}", SqlDialect.Sqlite);
        var userId = await db.QuerySingleOrDefaultAsync<int>(GenerateApplications.UserIdSql, new { email = GenerateApplications.ReviewerEmail }, ct);
        var approved = await db.WriteAsync(w => w.Tx.ExecuteAsync(ApproveAllSql, new
        {
            userId, now = new DateTime(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc), code = GenerateApplications.RoundCode, ground = PrepareDecision.NotEligibleGround, explanation = Explanation,
        }, ct), ct);

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
            builder.Configuration["Mail:Host"] = "localhost"; // required in Production; never reached: delivery is the outbox's later step, not run here
            builder.Configuration["DataProtection:KeysPath"] = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "keys");
            builder.Configuration["Dispatch:Parallelism"] = degree.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (pages is { } p) builder.Configuration["Pdf:Pages"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
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
            var pdfSettings = services.GetRequiredService<IOptions<PdfSettings>>().Value;
            await PerLetterAsync(pdfSettings, razor, pdf, model, renders, ct);
            var parallel = FormattableString.Invariant($"{degree} on {pdfSettings.Pages} page(s)");

            Console.WriteLine("| what | parallel | work | time | throughput | size |");
            Console.WriteLine("|---|---:|---|---:|---:|---:|");
            var clock = Stopwatch.StartNew();
            var bytes = 0L;
            await Parallel.ForEachAsync(Enumerable.Range(0, renders), new ParallelOptions { MaxDegreeOfParallelism = degree, CancellationToken = ct },
                async (_, _) => Interlocked.Add(ref bytes, await RenderOneAsync()));
            clock.Stop();
            var rendersPerSecond = renders / clock.Elapsed.TotalSeconds;
            Console.WriteLine(FormattableString.Invariant($"| render only | {parallel} | {renders} letters | {clock.Elapsed.TotalSeconds:F1} s | {renders / clock.Elapsed.TotalSeconds:F1} letters/s | {bytes / renders / 1024.0:F0} KiB/letter |"));

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
            var steps = new System.Collections.Concurrent.ConcurrentBag<(string Step, double Ms)>();
            using var listener = SendDecisionLettersJob.ListenToSteps((step, ms) => steps.Add((step, ms)));
            clock.Restart();
            var run = services.GetRequiredService<SendDecisionLettersJob>().ExecuteAsync(dispatchId, ct);
            var during = await ProbeAsync(lanes, run);
            await run;
            clock.Stop();
            var sent = await db.QuerySingleOrDefaultAsync<int>(
                "SELECT COUNT(*) FROM decision_dispatch_items WHERE dispatch_id = @dispatchId AND status = 'Sent'", new { dispatchId }, ct);
            var documents = await db.QuerySingleOrDefaultAsync<int>("SELECT COUNT(*) FROM documents WHERE kind LIKE 'Besluit-%'", null, ct);
            Console.WriteLine(FormattableString.Invariant($"| verzendronde | {parallel} | {items} decisions ({sent} sent, {documents} letters stored) | {clock.Elapsed.TotalSeconds:F1} s | {sent / clock.Elapsed.TotalSeconds:F1} letters/s | |"));
            // What claims, reads, store, outbox and audit add: the run's time beyond printing its letters at the render-only rate.
            Console.WriteLine(FormattableString.Invariant($"| job beyond printing | {parallel} | verzendronde − {sent} ÷ render-only rate | {clock.Elapsed.TotalSeconds - sent / rendersPerSecond:F1} s | {(clock.Elapsed.TotalSeconds - sent / rendersPerSecond) * 1000 / Math.Max(1, sent):F1} ms/letter | |"));
            listener.Dispose();
            Console.WriteLine();
            Console.WriteLine("| step of a letter in the verzendronde (the job's own timing) | letters | p50 ms | p95 ms | sum s |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var group in steps.GroupBy(s => s.Step))
            {
                var l = Latencies.Of(group.Select(s => s.Ms));
                var label = group.Key == "print" ? "print (with the wait for a page)" : group.Key;
                Console.WriteLine(FormattableString.Invariant($"| {label} | {group.Count()} | {l.P50:F1} | {l.P95:F1} | {group.Sum(s => s.Ms) / 1000:F1} |"));
            }
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
        for (var i = 0; i < 10; i++) await page.SetContentAsync(html, PdfRenderer.SetContentOptions); // warm, as the app's pages are
        var (setContent, print, floor, view, render, app) = (new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
        var setUntilLoad = new List<double>();
        var loadOptions = new PageSetContentOptions { WaitUntil = WaitUntilState.Load };
        for (var i = 0; i < n; i++)
        {
            // Playwright's default wait (until load), which the renderer no longer takes: what it cost, in the same run.
            var loading = Stopwatch.GetTimestamp();
            await page.SetContentAsync(html, loadOptions);
            setUntilLoad.Add(Stopwatch.GetElapsedTime(loading).TotalMilliseconds);

            var start = Stopwatch.GetTimestamp();
            await page.SetContentAsync(html, PdfRenderer.SetContentOptions);
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
        Console.WriteLine(FormattableString.Invariant($"| per letter ({n}, {model.Kind} letter of {pages} pages, one at a time, alternating) | p50 ms | p95 ms | p99 ms |"));
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (label, values) in new[] { ("(set content until load, as before)", setUntilLoad), ("floor: set content", setContent), ("floor: print", print), ("**floor: Chromium, one warm page**", floor),
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
