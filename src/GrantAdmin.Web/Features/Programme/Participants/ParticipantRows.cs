using System.Data.Common;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Participants;

/// <summary>
/// The writes every path that adds participants shares (the programmamanager's form, the koplopers.csv load and
/// the Development demo): one participant row, its member rows carrying its cohort, and municipalities.is_koploper
/// kept in step with membership (the reviewer queue shows it).
/// </summary>
public static class ParticipantRows
{
    public sealed record NewParticipant(int? CohortId, string Kind, string Name, DateOnly? StartsOn, DateOnly? EndsOn,
        string? ContactPerson, string? ProjectLeader, string? CohortNote, string? Source, bool IsDemo, bool MembersUnknown,
        bool IsUnverified, string? SeedKey);

    internal const string InsertSql = """
        INSERT INTO programme_participants (cohort_id, kind, name, starts_on, ends_on, contact_person, project_leader, cohort_note,
            source, is_demo, created_at_utc, seed_key, members_unknown, is_unverified)
        VALUES (@CohortId, @Kind, @Name, @StartsOn, @EndsOn, @ContactPerson, @ProjectLeader, @CohortNote,
            @Source, @IsDemo, @now, @SeedKey, @MembersUnknown, @IsUnverified)
        """;

    internal const string InsertMemberSql = """
        INSERT INTO programme_participant_members (participant_id, municipality_id, cohort_id)
        VALUES (@participantId, @municipalityId, @cohortId)
        """;

    internal const string SeedKeyExistsSql = "SELECT COUNT(*) FROM programme_participants WHERE seed_key = @seedKey";

    /// <summary>
    /// A gemeente is a koploper while it, or a gemeente that merged into it, is a member of any participant
    /// (ended ones included: the flag records that it took part).
    /// </summary>
    internal const string SyncKoploperSql = """
        UPDATE municipalities SET is_koploper = CASE WHEN EXISTS (
            SELECT 1 FROM programme_participant_members pm JOIN municipalities joined ON joined.id = pm.municipality_id
            WHERE joined.id = municipalities.id OR joined.merged_into_id = municipalities.id) THEN 1 ELSE 0 END
        """;

    public static async Task<int> InsertAsync(DbTransaction tx, SqlDialect dialect, NewParticipant participant,
        IEnumerable<int> municipalityIds, DateTime now, CancellationToken ct)
    {
        var id = await tx.InsertAsync(dialect, InsertSql, new
        {
            participant.CohortId, participant.Kind, participant.Name, participant.StartsOn, participant.EndsOn,
            participant.ContactPerson, participant.ProjectLeader, participant.CohortNote, participant.Source,
            participant.IsDemo, now, participant.SeedKey, participant.MembersUnknown, participant.IsUnverified,
        }, ct);
        foreach (var municipalityId in municipalityIds.Distinct())
            await tx.ExecuteAsync(InsertMemberSql, new { participantId = id, municipalityId, cohortId = participant.CohortId }, ct);
        return id;
    }

    public static Task SyncKoploperAsync(DbTransaction tx, CancellationToken ct) => tx.ExecuteAsync(SyncKoploperSql, null, ct);

    public static async Task<bool> SeededAsync(DbTransaction tx, string seedKey, CancellationToken ct) =>
        await tx.QuerySingleAsync<int>(SeedKeyExistsSql, new { seedKey }, ct) > 0;
}
