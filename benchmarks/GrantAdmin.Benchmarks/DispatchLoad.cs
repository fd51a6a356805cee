using System.Diagnostics;
using Dapper;
using GrantAdmin.Web;
using GrantAdmin.Web.Features.Decisions;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Pdf;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
            builder.Configuration["ConnectionStrings:GrantAdmin"] = $"Data Source={path}";
            builder.Configuration["Database:Engine"] = "Sqlite";
            builder.Configuration["Hangfire:ProcessWideLogsOff"] = "true";
            builder.Configuration["Dispatch:Parallelism"] = degree.ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            builder.AddGrantAdmin();
            await using var app = builder.Build(); // not started: no Hangfire server, nothing served; jobs run here

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
            var clock = Stopwatch.StartNew();
            var bytes = 0L;
            await Parallel.ForEachAsync(Enumerable.Range(0, renders), new ParallelOptions { MaxDegreeOfParallelism = degree, CancellationToken = ct },
                async (_, _) => Interlocked.Add(ref bytes, await RenderOneAsync()));
            clock.Stop();
            Console.WriteLine($"| render only | {degree} | {renders} letters | {clock.Elapsed.TotalSeconds:F1} s | {renders / clock.Elapsed.TotalSeconds:F1} letters/s | {bytes / renders / 1024.0:F0} KiB/letter |");

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
            clock.Restart();
            await services.GetRequiredService<SendDecisionLettersJob>().ExecuteAsync(dispatchId, ct);
            clock.Stop();
            var sent = await db.QuerySingleOrDefaultAsync<int>(
                "SELECT COUNT(*) FROM decision_dispatch_items WHERE dispatch_id = @dispatchId AND status = 'Sent'", new { dispatchId }, ct);
            var documents = await db.QuerySingleOrDefaultAsync<int>("SELECT COUNT(*) FROM documents WHERE kind LIKE 'Besluit-%'", null, ct);
            Console.WriteLine($"| verzendronde | {degree} | {items} decisions ({sent} sent, {documents} letters stored) | {clock.Elapsed.TotalSeconds:F1} s | {sent / clock.Elapsed.TotalSeconds:F1} letters/s | |");
        }
        Console.WriteLine($"({approved} approved decisions; load average {File.ReadAllText("/proc/loadavg").Trim()})");
    }
}
