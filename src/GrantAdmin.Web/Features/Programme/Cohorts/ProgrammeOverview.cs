using GrantAdmin.Web.Features.Programme.Participants;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Cohorts;

/// <summary>/programma: the lichtingen with their real and demo participants, and those whose lichting is unknown.</summary>
public static class ProgrammeOverview
{
    public sealed record Counts(int RealParticipants, int RealGemeenten, int DemoParticipants, int DemoGemeenten);
    public sealed record CohortLine(int Id, string Name, DateOnly? StartsOn, int? IntendedSize, string? Description, bool IsDemo,
        int RealParticipants, int RealGemeenten, int DemoParticipants, int DemoGemeenten);
    public sealed record Totals(int RealGemeenten, int AllGemeenten);
    public sealed record Page(IReadOnlyList<CohortLine> Cohorts, Counts Unknown, Totals Totals, ParticipantList WithoutCohort, bool CanEdit);
    public sealed record CohortPage(CohortLine Cohort, ParticipantList Participants, bool CanEdit);

    internal const string CohortsSql = """
        SELECT c.id, c.name, c.starts_on AS StartsOn, c.intended_size AS IntendedSize, c.description, c.is_demo AS IsDemo,
            (SELECT COUNT(*) FROM programme_participants p WHERE p.cohort_id = c.id AND p.is_demo = 0) AS RealParticipants,
            (SELECT COUNT(DISTINCT pm.municipality_id) FROM programme_participant_members pm JOIN programme_participants p ON p.id = pm.participant_id
             WHERE p.cohort_id = c.id AND p.is_demo = 0) AS RealGemeenten,
            (SELECT COUNT(*) FROM programme_participants p WHERE p.cohort_id = c.id AND p.is_demo = 1) AS DemoParticipants,
            (SELECT COUNT(DISTINCT pm.municipality_id) FROM programme_participant_members pm JOIN programme_participants p ON p.id = pm.participant_id
             WHERE p.cohort_id = c.id AND p.is_demo = 1) AS DemoGemeenten
        FROM programme_cohorts c
        """;

    internal const string AllCohortsSql = CohortsSql + "\nORDER BY c.id";
    internal const string OneCohortSql = CohortsSql + "\nWHERE c.id = @id";

    internal const string UnknownCountsSql = """
        SELECT
            (SELECT COUNT(*) FROM programme_participants p WHERE p.cohort_id IS NULL AND p.is_demo = 0) AS RealParticipants,
            (SELECT COUNT(DISTINCT pm.municipality_id) FROM programme_participant_members pm JOIN programme_participants p ON p.id = pm.participant_id
             WHERE p.cohort_id IS NULL AND p.is_demo = 0) AS RealGemeenten,
            (SELECT COUNT(*) FROM programme_participants p WHERE p.cohort_id IS NULL AND p.is_demo = 1) AS DemoParticipants,
            (SELECT COUNT(DISTINCT pm.municipality_id) FROM programme_participant_members pm JOIN programme_participants p ON p.id = pm.participant_id
             WHERE p.cohort_id IS NULL AND p.is_demo = 1) AS DemoGemeenten
        """;

    internal const string TotalsSql = """
        SELECT
            (SELECT COUNT(DISTINCT pm.municipality_id) FROM programme_participant_members pm JOIN programme_participants p ON p.id = pm.participant_id
             WHERE p.is_demo = 0) AS RealGemeenten,
            (SELECT COUNT(DISTINCT pm.municipality_id) FROM programme_participant_members pm) AS AllGemeenten
        """;

    public sealed class Handler(Db db, ParticipantQueries participants)
    {
        public async Task<Page> LoadAsync(bool canEdit, CancellationToken ct) => new(
            await db.QueryAsync<CohortLine>(AllCohortsSql, null, ct),
            (await db.QuerySingleOrDefaultAsync<Counts>(UnknownCountsSql, null, ct))!,
            (await db.QuerySingleOrDefaultAsync<Totals>(TotalsSql, null, ct))!,
            new ParticipantList(await participants.InCohortAsync(null, ct), await participants.AllMembersAsync(ct)),
            canEdit);

        public async Task<CohortPage?> CohortAsync(int id, bool canEdit, CancellationToken ct) =>
            await db.QuerySingleOrDefaultAsync<CohortLine>(OneCohortSql, new { id }, ct) is { } cohort
                ? new CohortPage(cohort, new ParticipantList(await participants.InCohortAsync(id, ct), await participants.AllMembersAsync(ct)), canEdit)
                : null;
    }
}
