using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Tests.Features.Programme;

/// <summary>
/// Programme rows for the tests. The static helpers look up the seeded koplopers; the instance helpers insert cohorts,
/// participants (members with the participant's cohort, as the schema asks), ambassadors, outreach contacts and checklist
/// measurements as plain rows where a test needs its own: the screens that make them belong to other slices. Gemeenten
/// are named by CBS code or by name as in the CBS lists.
/// </summary>
public sealed class ProgrammeTestData(TestApp app)
{
    /// <summary>The start date the helpers give a cohort or participant unless told otherwise.</summary>
    public const string DefaultStartsOn = "2019-09-01";

    /// <summary>The seven member gemeenten of the Oosterschelderegio, by CBS code.</summary>
    public static readonly string[] OosterschelderegioCodes = ["GM0654", "GM0664", "GM0678", "GM1695", "GM0703", "GM1676", "GM0716"];

    /// <summary>Audit rows about one participant's programme pages (see <see cref="AuditActionsAsync"/>).</summary>
    public const string ParticipantAudit = "details LIKE 'deelnemer %'";

    /// <summary>Audit rows of the ambassador screens (see <see cref="AuditActionsAsync"/>).</summary>
    public const string AmbassadorAudit = "action LIKE 'Ambassadeur%'";

    private static readonly string[] ChecklistPoints = ["Vindbaar", "Onafhankelijk", "Gratis", "Levensbreed", "Deskundig", "VrijeKeuze", "AlleStappen"];

    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;

    /// <summary>A cohort; <paramref name="intendedSize"/> null leaves the intended size unknown.</summary>
    public Task<int> CohortAsync(string name = "Lichting 2019", string? startsOn = DefaultStartsOn, bool isDemo = false, int? intendedSize = 25) =>
        InsertAsync("INSERT INTO programme_cohorts (name, starts_on, intended_size, is_demo) VALUES (@name, @startsOn, @intendedSize, @isDemo)",
            new { name, startsOn, intendedSize, isDemo });

    /// <summary>
    /// A participant with its member gemeenten (CBS code or name, each must exist), a Regio when it has more than one.
    /// <paramref name="startsOn"/> null leaves the start date unknown.
    /// </summary>
    public Task<int> ParticipantAsync(string name, int? cohortId, string[]? members = null, string? startsOn = DefaultStartsOn, bool isDemo = false) =>
        app.Db.WriteAsync(async w =>
        {
            members ??= [];
            var id = await w.Tx.InsertAsync(app.Db.Dialect, """
                INSERT INTO programme_participants (cohort_id, kind, name, starts_on, is_demo, created_at_utc)
                VALUES (@cohortId, @kind, @name, @startsOn, @isDemo, @now)
                """, new { cohortId, kind = members.Length > 1 ? "Regio" : "Gemeente", name, startsOn, isDemo, now = Now }, default);
            foreach (var member in members)
                Assert.Equal(1, await w.Tx.ExecuteAsync("""
                    INSERT INTO programme_participant_members (participant_id, municipality_id, cohort_id)
                    SELECT @id, id, @cohortId FROM municipalities WHERE cbs_code = @member OR name = @member
                    """, new { id, cohortId, member }, default));
            return id;
        });

    /// <summary>Makes the participant an ambassador since 2021 with the given target gemeenten (CBS code or name).</summary>
    public async Task AmbassadorAsync(int participantId, params string[] targets)
    {
        await ExecuteAsync("INSERT INTO programme_ambassadors (participant_id, since_on, created_at_utc) VALUES (@participantId, '2021-01-01', @now)",
            new { participantId, now = Now });
        foreach (var target in targets)
            await ExecuteAsync("INSERT INTO ambassador_targets (participant_id, municipality_id, added_at_utc) VALUES (@participantId, @municipalityId, @now)",
                new { participantId, municipalityId = await MunicipalityIdAsync(target), now = Now });
    }

    public async Task ContactAsync(int participantId, string target, string contactedOn, string form, string outcome, int userId) =>
        await ExecuteAsync("""
            INSERT INTO outreach_contacts (participant_id, municipality_id, contacted_on, form, contacted_by, outcome, next_step, recorded_by_user_id, recorded_at_utc)
            VALUES (@participantId, @municipalityId, @contactedOn, @form, 'Projectleider', @outcome, NULL, @userId, @now)
            """, new { participantId, municipalityId = await MunicipalityIdAsync(target), contactedOn, form, outcome, userId, now = Now });

    /// <summary>One measurement with the same score on all seven points.</summary>
    public async Task ChecklistAsync(int participantId, string measuredOn, int score, int userId)
    {
        var id = await InsertAsync("""
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
        var before = await ScalarAsync<int?>(app, "SELECT merged_into_id FROM municipalities WHERE id = @id", new { id });
        await ExecuteAsync("UPDATE municipalities SET merged_into_id = @into WHERE id = @id", new { id, into = (int?)await MunicipalityIdAsync(into) });
        return new Restore(() => ExecuteAsync("UPDATE municipalities SET merged_into_id = @before WHERE id = @id", new { id, before }));
    }

    /// <summary>A gemeente's id, by CBS code or by name.</summary>
    public Task<int> MunicipalityIdAsync(string codeOrName) =>
        ScalarAsync<int>(app, "SELECT id FROM municipalities WHERE cbs_code = @codeOrName OR name = @codeOrName", new { codeOrName });

    /// <summary>The id of a programmamanager user (made when missing).</summary>
    public async Task<int> UserIdAsync(TestData data)
    {
        var email = await data.UserAsync(GrantAdmin.Web.Features.Account.Roles.Programmamanager);
        return await ScalarAsync<int>(app, "SELECT id FROM users WHERE email = @email", new { email });
    }

    /// <summary>The audit actions, oldest first, of the rows <paramref name="where"/> selects: <see cref="ParticipantAudit"/> or <see cref="AmbassadorAudit"/>.</summary>
    public async Task<IReadOnlyList<string>> AuditActionsAsync(string where = ParticipantAudit)
    {
        await using var connection = await app.Db.OpenAsync();
        return (await connection.QueryAsync<string>($"SELECT action FROM audit_log WHERE {where} ORDER BY id")).AsList();
    }

    public Task<int> CountAsync(string table, int participantId) =>
        ScalarAsync<int>(app, $"SELECT COUNT(*) FROM {table} WHERE participant_id = @participantId", new { participantId });

    public static Task<int> ParticipantIdAsync(TestApp app, string name) =>
        ScalarAsync<int>(app, "SELECT id FROM programme_participants WHERE name = @name", new { name });

    public static Task<int> CohortIdAsync(TestApp app, string seedKey) =>
        ScalarAsync<int>(app, "SELECT id FROM programme_cohorts WHERE seed_key = @seedKey", new { seedKey });

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

    private async Task<int> InsertAsync(string sql, object parameters)
    {
        await using var connection = await app.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql + app.Db.Dialect.SelectInsertedIdSuffix, parameters);
    }

    private async Task ExecuteAsync(string sql, object parameters)
    {
        await using var connection = await app.Db.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    private sealed class Restore(Func<Task> undo) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await undo();
    }
}
