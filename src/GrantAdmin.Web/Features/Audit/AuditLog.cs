using System.Data.Common;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Audit;

/// <summary>
/// The append-only audit log (domain.md §5): who (and in which role, read from the users table in the INSERT), when,
/// what, and the value before and after where one changes. Rows are only ever inserted: no statement of the app
/// updates or deletes them (a test checks every SQL constant), a trigger refuses an UPDATE on both engines and on
/// SQL Server the application's user is denied UPDATE and DELETE (migration 0005).
/// </summary>
public static class AuditLog
{
    /// <summary>One audit row; <see cref="RoundId"/> for a setting of a round (rows of an application find their round through it).</summary>
    public sealed record Entry(string Action, int? UserId, int? ApplicationId = null, int? MunicipalityId = null, int? RoundId = null,
        string? Details = null, string? Before = null, string? After = null);

    internal const string InsertSql = """
        INSERT INTO audit_log (occurred_at_utc, user_id, actor_role, action, application_id, municipality_id, round_id, details, before_value, after_value)
        SELECT @now, @userId, (SELECT role FROM users WHERE id = @userId), @action, @applicationId, @municipalityId, @roundId, @details, @before, @after
        """;

    /// <summary>Writes the row in the caller's transaction: it exists exactly when the change it records does.</summary>
    public static Task WriteAsync(DbTransaction tx, DateTime nowUtc, Entry entry, CancellationToken ct) =>
        tx.ExecuteAsync(InsertSql, new
        {
            now = nowUtc, userId = entry.UserId, action = entry.Action, applicationId = entry.ApplicationId, municipalityId = entry.MunicipalityId,
            roundId = entry.RoundId, details = entry.Details, before = entry.Before, after = entry.After,
        }, ct);
}
