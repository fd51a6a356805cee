using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using System.Data.Common;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Progress;

/// <summary>
/// What the progress and budget pages need to know of a participant and a cohort (the cohorts slice owns them),
/// who of a gemeente may see a participation, and the audit line every programme edit writes.
/// </summary>
public static class ProgrammeParticipant
{
    public sealed record Participant(int Id, string Name, string Kind, int? CohortId, string? CohortName);
    public sealed record Cohort(int Id, string Name);

    internal const string ParticipantSql = """
        SELECT p.id, p.name, p.kind, p.cohort_id AS cohortId, c.name AS cohortName
        FROM programme_participants p LEFT JOIN programme_cohorts c ON c.id = p.cohort_id
        WHERE p.id = @participantId
        """;

    internal const string CohortSql = "SELECT id, name FROM programme_cohorts WHERE id = @cohortId";

    /// <summary>The participations of a gemeente, also through a gemeente that merged into it.</summary>
    internal const string OwnParticipantIdsSql = """
        SELECT DISTINCT m.participant_id
        FROM programme_participant_members m
        WHERE m.municipality_id = @municipalityId
           OR m.municipality_id IN (SELECT id FROM municipalities WHERE merged_into_id = @municipalityId)
        ORDER BY m.participant_id
        """;

    public static Task<Participant?> FindAsync(Db db, int participantId, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<Participant>(ParticipantSql, new { participantId }, ct);

    public static Task<Participant?> FindAsync(DbTransaction tx, int participantId, CancellationToken ct) =>
        tx.QuerySingleOrDefaultAsync<Participant>(ParticipantSql, new { participantId }, ct);

    public static Task<Cohort?> FindCohortAsync(Db db, int cohortId, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<Cohort>(CohortSql, new { cohortId }, ct);

    public static async Task<IReadOnlyList<int>> OwnParticipantIdsAsync(Db db, CurrentUser user, CancellationToken ct) =>
        user.MunicipalityId is { } municipalityId ? await db.QueryAsync<int>(OwnParticipantIdsSql, new { municipalityId }, ct) : [];

    /// <summary>One line in audit_log for a programme edit, naming the participant.</summary>
    public static Task AuditAsync(Write w, TimeProvider clock, CurrentUser user, string action, int participantId, string details, CancellationToken ct) =>
        w.AuditAsync(clock.GetUtcNow().UtcDateTime, new AuditLog.Entry(action, user.Id, Details: $"deelnemer {participantId}: {details}"), ct);
}
