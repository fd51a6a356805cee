using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Participants;

/// <summary>A participant with its lichting, as every participant page and list shows it.</summary>
public sealed record ParticipantRow(int Id, int? CohortId, string? CohortName, string Kind, string Name, DateOnly? StartsOn,
    DateOnly? EndsOn, string? ContactPerson, string? ProjectLeader, string? CohortNote, string? Source, bool IsDemo,
    bool MembersUnknown, bool IsUnverified)
{
    public bool IsRegion => Kind == "Regio";
    public bool HasEnded(DateOnly today) => EndsOn is { } end && end < today;
}

/// <summary>A gemeente a participant covers: shown under the name it merged into, with the name it had (OriginalName).</summary>
public sealed record MemberRow(int ParticipantId, int MunicipalityId, string Code, string DisplayName, string OriginalName,
    string Province, string? SafetyRegion, int? Population)
{
    public bool Merged => DisplayName != OriginalName;
}

/// <summary>
/// Reads participants and their gemeenten. Other parts of the programme (ambassadeur, voortgang, budget) reuse
/// <see cref="FindAsync"/> for the page header and <see cref="OfMunicipalityAsync"/> to find a gemeente's own
/// participation(s) for /mijn-deelname/….
/// </summary>
public sealed class ParticipantQueries(Db db)
{
    internal const string Columns = """
        p.id, p.cohort_id AS CohortId, c.name AS CohortName, p.kind, p.name, p.starts_on AS StartsOn, p.ends_on AS EndsOn,
        p.contact_person AS ContactPerson, p.project_leader AS ProjectLeader, p.cohort_note AS CohortNote, p.source,
        p.is_demo AS IsDemo, p.members_unknown AS MembersUnknown, p.is_unverified AS IsUnverified
        """;

    internal const string FindSql = $"""
        SELECT {Columns}
        FROM programme_participants p LEFT JOIN programme_cohorts c ON c.id = p.cohort_id
        WHERE p.id = @id
        """;

    internal const string InCohortSql = $"""
        SELECT {Columns}
        FROM programme_participants p LEFT JOIN programme_cohorts c ON c.id = p.cohort_id
        WHERE p.cohort_id = @cohortId
        ORDER BY p.is_demo, p.name
        """;

    internal const string WithoutCohortSql = $"""
        SELECT {Columns}
        FROM programme_participants p LEFT JOIN programme_cohorts c ON c.id = p.cohort_id
        WHERE p.cohort_id IS NULL
        ORDER BY p.is_demo, p.name
        """;

    /// <summary>The participations of a gemeente, also those it holds through a gemeente that merged into it.</summary>
    internal const string OfMunicipalitySql = $"""
        SELECT {Columns}
        FROM programme_participants p LEFT JOIN programme_cohorts c ON c.id = p.cohort_id
        WHERE p.id IN (SELECT pm.participant_id FROM programme_participant_members pm
                       JOIN municipalities m ON m.id = pm.municipality_id
                       WHERE m.id = @municipalityId OR m.merged_into_id = @municipalityId)
        ORDER BY p.starts_on, p.name
        """;

    private const string MembersSelect = $"""
        SELECT pm.participant_id AS ParticipantId, m.id AS MunicipalityId, {MunicipalityName.DisplayCode} AS Code,
               {MunicipalityName.Display} AS DisplayName, m.name AS OriginalName, m.province,
               COALESCE(m_merged.safety_region_name, m.safety_region_name) AS SafetyRegion, COALESCE(m_merged.population, m.population) AS Population
        FROM programme_participant_members pm
        JOIN municipalities m ON m.id = pm.municipality_id {MunicipalityName.JoinMergedInto}
        """;

    internal const string MembersSql = $"""
        {MembersSelect}
        WHERE pm.participant_id = @participantId
        ORDER BY DisplayName, m.name
        """;

    // The programme holds some hundred gemeenten at most: lists read all members at once.
    internal const string AllMembersSql = $"""
        {MembersSelect}
        ORDER BY DisplayName, m.name
        """;

    public Task<ParticipantRow?> FindAsync(int id, CancellationToken ct) => db.QuerySingleOrDefaultAsync<ParticipantRow>(FindSql, new { id }, ct);

    public Task<IReadOnlyList<ParticipantRow>> InCohortAsync(int? cohortId, CancellationToken ct) =>
        cohortId is null ? db.QueryAsync<ParticipantRow>(WithoutCohortSql, null, ct) : db.QueryAsync<ParticipantRow>(InCohortSql, new { cohortId }, ct);

    public Task<IReadOnlyList<ParticipantRow>> OfMunicipalityAsync(int municipalityId, CancellationToken ct) =>
        db.QueryAsync<ParticipantRow>(OfMunicipalitySql, new { municipalityId }, ct);

    public Task<IReadOnlyList<MemberRow>> MembersAsync(int participantId, CancellationToken ct) =>
        db.QueryAsync<MemberRow>(MembersSql, new { participantId }, ct);

    /// <summary>The gemeenten of every participant, by participant.</summary>
    public async Task<ILookup<int, MemberRow>> AllMembersAsync(CancellationToken ct) =>
        (await db.QueryAsync<MemberRow>(AllMembersSql, null, ct)).ToLookup(r => r.ParticipantId);
}

/// <summary>Participants with their gemeenten, for a list.</summary>
public sealed record ParticipantList(IReadOnlyList<ParticipantRow> Participants, ILookup<int, MemberRow> Members);
