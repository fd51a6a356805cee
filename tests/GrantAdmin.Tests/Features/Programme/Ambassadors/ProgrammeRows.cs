using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Tests.Features.Programme.Ambassadors;

/// <summary>
/// The givens of these tests: participants and their member gemeenten as rows (the cohorts feature makes them in the app).
/// </summary>
public sealed class ProgrammeRows(TestApp app)
{
    public static readonly string[] Oosterschelderegio = ["GM0654", "GM0664", "GM0678", "GM1695", "GM0703", "GM1676", "GM0716"];

    private const string InsertParticipantSql = """
        INSERT INTO programme_participants (kind, name, is_demo, created_at_utc) VALUES (@kind, @name, @isDemo, @now)
        """;

    private const string InsertMemberSql = """
        INSERT INTO programme_participant_members (participant_id, municipality_id, cohort_id)
        SELECT @participantId, id, NULL FROM municipalities WHERE cbs_code = @code
        """;

    public async Task<int> ParticipantAsync(string name, string[] memberCodes, bool isDemo = false) =>
        await app.Db.WriteAsync(async (_, tx) =>
        {
            var id = await tx.InsertAsync(app.Db.Dialect, InsertParticipantSql,
                new { kind = memberCodes.Length == 1 ? "Gemeente" : "Regio", name, isDemo, now = app.Clock.GetUtcNow().UtcDateTime }, default);
            foreach (var code in memberCodes)
                Assert.Equal(1, await tx.ExecuteAsync(InsertMemberSql, new { participantId = id, code }, default));
            return id;
        });

    public async Task<int> MunicipalityIdAsync(string code)
    {
        await using var connection = await app.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>("SELECT id FROM municipalities WHERE cbs_code = @code", new { code });
    }

    public async Task<IReadOnlyList<string>> AuditActionsAsync()
    {
        await using var connection = await app.Db.OpenAsync();
        return (await connection.QueryAsync<string>("SELECT action FROM audit_log WHERE action LIKE 'Ambassadeur%' ORDER BY id")).AsList();
    }
}
