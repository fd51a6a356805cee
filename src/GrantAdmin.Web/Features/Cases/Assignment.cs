using System.Data.Common;
using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Cases;

/// <summary>Take, assign and hand back an application; every change is audited and shown in the timeline.</summary>
public static class Assignment
{
    internal const string ReviewersSql = """
        SELECT id, display_name AS Name FROM users WHERE is_active = 1 AND role IN ('Behandelaar', 'Accordeerder') ORDER BY display_name
        """;

    internal const string AssignSql = """
        UPDATE applications SET assigned_to_user_id = @assignee, updated_at_utc = @now
        WHERE id = @id AND kenmerk IS NOT NULL AND state NOT IN ('Concept', 'Ingetrokken', 'Afgewezen', 'BuitenBehandelingGesteld', 'Vastgesteld')
        """;

    public sealed record Reviewer(int Id, string Name);

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public Task<IReadOnlyList<Reviewer>> ReviewersAsync(CancellationToken ct) => db.ReadAsync(tx => ReviewersAsync(tx, ct), ct);

        public static Task<IReadOnlyList<Reviewer>> ReviewersAsync(DbTransaction tx, CancellationToken ct) =>
            tx.QueryAsync<Reviewer>(ReviewersSql, null, ct);

        public async Task<Outcome<int>> AssignAsync(CurrentUser actor, int applicationId, int? assigneeId, CancellationToken ct)
        {
            Reviewer? assignee = null;
            if (assigneeId is { } target && (assignee = (await ReviewersAsync(ct)).FirstOrDefault(r => r.Id == target)) is null)
                return Outcome<int>.Fail("AssigneeId", "Kies een actieve behandelaar of accordeerder.");
            return await db.TryCaseWriteAsync<int>(applicationId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await w.Tx.ExecuteAsync(AssignSql, new { id = applicationId, assignee = assigneeId, now }, ct) == 0)
                    return Outcome<int>.Fail(FormLevel.Status, "Deze aanvraag kan niet (meer) worden toegewezen.");
                var details = assignee is null ? $"{actor.Name} gaf de aanvraag terug aan de werkvoorraad"
                    : assignee.Id == actor.Id ? $"{actor.Name} pakte de aanvraag op" : $"{actor.Name} wees de aanvraag toe aan {assignee.Name}";
                // Taking a received application starts its treatment.
                if (assignee is not null && await w.StateOfAsync(applicationId, ct) == ApplicationState.Ingediend)
                    await w.MoveAsync(applicationId, ApplicationState.Ingediend, ApplicationState.InBehandeling, now, actor.Id, null, ct);
                await w.AuditAsync(now, new AuditLog.Entry(assignee is null ? "AanvraagTeruggegeven" : assignee.Id == actor.Id ? "AanvraagOpgepakt" : "AanvraagToegewezen", actor.Id, ApplicationId: applicationId, Details: details), ct);
                return Outcome<int>.Ok(applicationId);
            }, ct);
        }
    }
}
