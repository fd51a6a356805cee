using Dapper;
using GrantAdmin.Tests.Support;

namespace GrantAdmin.Tests.Features.Programme.Overview;

/// <summary>
/// Programme rows (cohorts, participants, ambassadors, contacts, checklist scores) inserted directly: the screens that make
/// them belong to other slices. Gemeenten are named as in the CBS lists.
/// </summary>
public sealed class ProgrammeRows(TestApp app)
{
    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;

    private async Task<int> ScalarAsync(string sql, object parameters)
    {
        await using var connection = await app.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql + app.Db.Dialect.SelectInsertedIdSuffix, parameters);
    }

    private async Task ExecuteAsync(string sql, object parameters)
    {
        await using var connection = await app.Db.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    public async Task<int> MunicipalityIdAsync(string name)
    {
        await using var connection = await app.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>("SELECT id FROM municipalities WHERE name = @name", new { name });
    }

    public Task<int> CohortAsync(string name, string startsOn, bool isDemo = false) =>
        ScalarAsync("INSERT INTO programme_cohorts (name, starts_on, is_demo) VALUES (@name, @startsOn, @isDemo)", new { name, startsOn, isDemo });

    public async Task<int> ParticipantAsync(int? cohortId, string name, params string[] members)
    {
        var id = await ScalarAsync("""
            INSERT INTO programme_participants (cohort_id, kind, name, is_demo, created_at_utc)
            VALUES (@cohortId, @kind, @name, 0, @now)
            """, new { cohortId, kind = members.Length > 1 ? "Regio" : "Gemeente", name, now = Now });
        foreach (var member in members)
            await ExecuteAsync("INSERT INTO programme_participant_members (participant_id, municipality_id, cohort_id) VALUES (@id, @municipalityId, @cohortId)",
                new { id, municipalityId = await MunicipalityIdAsync(member), cohortId });
        return id;
    }

    public async Task AmbassadorAsync(int participantId, params string[] targets)
    {
        await ExecuteAsync("INSERT INTO programme_ambassadors (participant_id, since_on, created_at_utc) VALUES (@participantId, '2021-01-01', @now)",
            new { participantId, now = Now });
        foreach (var target in targets)
            await ExecuteAsync("INSERT INTO ambassador_targets (participant_id, municipality_id, added_at_utc) VALUES (@participantId, @municipalityId, @now)",
                new { participantId, municipalityId = await MunicipalityIdAsync(target), now = Now });
    }

    public async Task<int> UserIdAsync(TestData data)
    {
        var email = await data.UserAsync(GrantAdmin.Web.Features.Account.Roles.Programmamanager);
        await using var connection = await app.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @email", new { email });
    }

    public async Task ContactAsync(int participantId, string target, string contactedOn, string form, string outcome, int userId) =>
        await ExecuteAsync("""
            INSERT INTO outreach_contacts (participant_id, municipality_id, contacted_on, form, contacted_by, outcome, next_step, recorded_by_user_id, recorded_at_utc)
            VALUES (@participantId, @municipalityId, @contactedOn, @form, 'Projectleider', @outcome, NULL, @userId, @now)
            """, new { participantId, municipalityId = await MunicipalityIdAsync(target), contactedOn, form, outcome, userId, now = Now });

    private static readonly string[] ChecklistPoints = ["Vindbaar", "Onafhankelijk", "Gratis", "Levensbreed", "Deskundig", "VrijeKeuze", "AlleStappen"];

    /// <summary>One measurement with the same score on all seven points.</summary>
    public async Task ChecklistAsync(int participantId, string measuredOn, int score, int userId)
    {
        var id = await ScalarAsync("""
            INSERT INTO checklist_measurements (participant_id, measured_on, recorded_by_user_id, recorded_at_utc)
            VALUES (@participantId, @measuredOn, @userId, @now)
            """, new { participantId, measuredOn, userId, now = Now });
        foreach (var point in ChecklistPoints)
            await ExecuteAsync("INSERT INTO checklist_scores (measurement_id, point, score) VALUES (@id, @point, @score)", new { id, point, score });
    }

    /// <summary>
    /// Records that a dissolved gemeente merged into another (the cohorts slice keeps this in production). The gemeente
    /// tables survive the reset between tests, so disposing puts the old value back.
    /// </summary>
    public async Task<IAsyncDisposable> MergeAsync(string dissolved, string into)
    {
        var id = await MunicipalityIdAsync(dissolved);
        int? before;
        await using (var connection = await app.Db.OpenAsync())
            before = await connection.QuerySingleAsync<int?>("SELECT merged_into_id FROM municipalities WHERE id = @id", new { id });
        await ExecuteAsync("UPDATE municipalities SET merged_into_id = @into WHERE id = @id", new { id, into = (int?)await MunicipalityIdAsync(into) });
        return new Restore(() => ExecuteAsync("UPDATE municipalities SET merged_into_id = @before WHERE id = @id", new { id, before }));
    }

    private sealed class Restore(Func<Task> undo) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await undo();
    }
}
