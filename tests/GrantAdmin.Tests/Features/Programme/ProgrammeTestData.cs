using Dapper;
using GrantAdmin.Tests.Support;

namespace GrantAdmin.Tests.Features.Programme;

/// <summary>
/// Cohorts and participants are another slice's; these tests only need them to exist, so they are inserted as rows
/// (the schema of 0002_programme.sql), members with the participant's cohort as the schema asks.
/// </summary>
public sealed class ProgrammeTestData(TestApp app)
{
    public async Task<int> CohortAsync(string name = "Lichting 2019")
    {
        await using var connection = await app.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(
            "INSERT INTO programme_cohorts (name, starts_on, intended_size) VALUES (@name, @startsOn, 25)" + app.Db.Dialect.SelectInsertedIdSuffix,
            new { name, startsOn = new DateOnly(2019, 9, 1) });
    }

    public async Task<int> ParticipantAsync(string name, int? cohortId, params string[] municipalityCodes)
    {
        await using var connection = await app.Db.OpenAsync();
        var id = await connection.ExecuteScalarAsync<int>("""
            INSERT INTO programme_participants (cohort_id, kind, name, starts_on, created_at_utc)
            VALUES (@cohortId, @kind, @name, @startsOn, @now)
            """ + app.Db.Dialect.SelectInsertedIdSuffix,
            new { cohortId, kind = municipalityCodes.Length > 1 ? "Regio" : "Gemeente", name, startsOn = new DateOnly(2019, 9, 1), now = app.Clock.GetUtcNow().UtcDateTime });
        foreach (var code in municipalityCodes)
            await connection.ExecuteAsync("""
                INSERT INTO programme_participant_members (participant_id, municipality_id, cohort_id)
                SELECT @id, id, @cohortId FROM municipalities WHERE cbs_code = @code
                """, new { id, cohortId, code });
        return id;
    }

    public async Task<IReadOnlyList<string>> AuditActionsAsync()
    {
        await using var connection = await app.Db.OpenAsync();
        return (await connection.QueryAsync<string>("SELECT action FROM audit_log WHERE details LIKE 'deelnemer %' ORDER BY id")).AsList();
    }

    public async Task<int> CountAsync(string table, int participantId)
    {
        await using var connection = await app.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {table} WHERE participant_id = @participantId", new { participantId });
    }
}
