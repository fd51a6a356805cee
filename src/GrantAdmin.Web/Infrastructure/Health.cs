using System.Text.Json;
using Dapper;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// Probes for the load balancer and the orchestrator. <c>/health/live</c>: the process answers (no dependency is asked,
/// so a database outage does not get every server restarted). <c>/health/ready</c>: the database answers, carries every
/// embedded migration (DbUp's journal) and the job storage answers; until then the server gets no traffic.
/// </summary>
public static class Health
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string Ready = "ready";

    public static void AddGrantAdminHealth(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<DatabaseMigratedCheck>("database", tags: [Ready])
            .AddCheck<JobStorageCheck>("jobs", tags: [Ready]);

    public static void MapGrantAdminHealth(this WebApplication app)
    {
        // Anonymous and without the MVC filters (no https refusal): the proxy probes the server itself over plain http.
        // Not behind the limit on requests at once (RequestConcurrency): a busy server must still answer that it is alive.
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous().DisableRateLimiting();
    }

    /// <summary>Status per check and a short reason: no connection strings, no exception text (it may name a server).</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}

/// <summary>
/// The database answers, allows the read transactions the pages use (SQL Server: ALLOW_SNAPSHOT_ISOLATION ON) and DbUp's
/// journal lists every script embedded in this build.
/// </summary>
public sealed class DatabaseMigratedCheck(Db db) : IHealthCheck
{
    internal const string PingSql = "SELECT 1";
    internal const string SnapshotIsolationOff =
        "Read transactions unavailable: the database does not allow snapshot isolation (ALLOW_SNAPSHOT_ISOLATION ON, docs/operations.md).";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var connection = await db.OpenAsync(ct);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition(PingSql, cancellationToken: ct));
            if (db.Dialect.ReadTransactionsUnavailableSql is { } unavailableSql
                && await connection.ExecuteScalarAsync<int>(new CommandDefinition(unavailableSql, cancellationToken: ct)) != 0)
                return HealthCheckResult.Unhealthy(SnapshotIsolationOff);
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("Database not reachable.", e);
        }
        var pending = Migrations.Pending(db);
        return pending.Count == 0
            ? HealthCheckResult.Healthy("Reachable and migrated.")
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied, first: {pending[0]}.");
    }
}

/// <summary>Hangfire's storage answers (SQL Server in production; the in-memory store always does).</summary>
public sealed class JobStorageCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var connection = storage.GetConnection();
            connection.GetAllItemsFromSet("recurring-jobs");
            return Task.FromResult(HealthCheckResult.Healthy("Reachable."));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Job storage not reachable.", e));
        }
    }
}
