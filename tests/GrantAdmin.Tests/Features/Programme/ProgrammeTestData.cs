using Dapper;
using GrantAdmin.Tests.Support;

namespace GrantAdmin.Tests.Features.Programme;

/// <summary>
/// Programme rows for the tests: the static helpers look up the seeded koplopers; the instance helpers insert cohorts and
/// participants as plain rows (members with the participant's cohort, as the schema asks) where a test needs its own.
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

    public static async Task<int> ParticipantIdAsync(TestApp app, string name)
    {
        await using var connection = await app.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>("SELECT id FROM programme_participants WHERE name = @name", new { name });
    }

    public static async Task<int> CohortIdAsync(TestApp app, string seedKey)
    {
        await using var connection = await app.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>("SELECT id FROM programme_cohorts WHERE seed_key = @seedKey", new { seedKey });
    }

    public static async Task<T> ScalarAsync<T>(TestApp app, string sql, object? parameters = null)
    {
        await using var connection = await app.Db.OpenAsync();
        return await connection.QuerySingleAsync<T>(sql, parameters);
    }

    public static Dictionary<string, string> GemeenteForm(string member, string? cohortId, string? note = null) => new()
    {
        ["Kind"] = "Gemeente", ["Name"] = "", ["Members"] = member, ["CohortId"] = cohortId ?? "", ["CohortNote"] = note ?? "",
        ["StartsOn"] = "2019-10-01", ["EndsOn"] = "", ["ContactPerson"] = "Petra de Vries", ["ProjectLeader"] = "Karim Bouali",
        ["Source"] = "Verslag kick-off, oktober 2019",
    };
}
