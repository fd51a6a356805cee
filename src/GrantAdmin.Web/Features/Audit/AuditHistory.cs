using System.Data.Common;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Audit;

/// <summary>An application's audit rows, oldest first: its full history on the case page (every change is audited).</summary>
public static class AuditHistory
{
    public sealed record Line(long Id, DateTime OccurredAtUtc, string Action, string? UserName, string? Role, string? Details, string? Before, string? After)
    {
        /// <summary>"Naam (Rol)", "Naam" or null for the system.</summary>
        public string? Who => UserName is null ? Role : Role is null ? UserName : $"{UserName} ({Role})";

        /// <summary>The details, with "van → naar" when a value changed.</summary>
        public string? Description => (Before, After) switch
        {
            (null, null) => Details,
            _ => string.Join(" ", new[] { Details, $"[{Before ?? "—"} → {After ?? "—"}]" }.Where(p => !string.IsNullOrEmpty(p))),
        };

        /// <summary>What happened, as a Dutch sentence.</summary>
        public string What => AuditActions.Describe(Action, Before, After);

        /// <summary>The rest of the row: a state change's sentence already names both states, so only its reason remains.</summary>
        public string? Remark => Action == AuditActions.StateChanged ? Details : Description;
    }

    internal const string ForApplicationSql = """
        SELECT l.id, l.occurred_at_utc AS OccurredAtUtc, l.action, u.display_name AS UserName, l.actor_role AS Role, l.details,
               l.before_value AS Before, l.after_value AS After
        FROM audit_log l LEFT JOIN users u ON u.id = l.user_id
        WHERE l.application_id = @applicationId ORDER BY l.id
        """;

    public static Task<IReadOnlyList<Line>> ForApplicationAsync(DbTransaction tx, int applicationId, CancellationToken ct) =>
        tx.QueryAsync<Line>(ForApplicationSql, new { applicationId }, ct);
}
