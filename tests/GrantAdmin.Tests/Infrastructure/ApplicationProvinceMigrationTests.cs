using Dapper;
using GrantAdmin.Tests.Support;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// Migration 0024 on a database that already holds applications (the load database: 100,000): each one gets its gemeente's
/// province, drafts too, and its triggers keep it from then on.
/// </summary>
public sealed class ApplicationProvinceMigrationTests
{
    [Fact]
    public async Task ExistingApplications_GetTheirGemeentesProvince_AndNewOnesToo()
    {
        var (connection, script) = await MigrationScripts.MigratedUpToAsync("0024_application_province.sql");
        await using var _ = connection;
        await connection.ExecuteAsync("""
            INSERT INTO municipalities (cbs_code, name, province) VALUES ('GM0664', 'Goes', 'Zeeland'), ('GM0344', 'Utrecht', 'Utrecht');
            INSERT INTO users (email, display_name, password_hash, role, created_at_utc) VALUES ('b@example.org', 'B', 'x', 'Behandelaar', '2023-01-02');
            INSERT INTO rounds (code, name, kenmerk_prefix, opens_on, closes_on, ceiling_cents, max_per_applicant_cents, one_grant_per_applicant,
                remainder_policy, tie_policy, municipality_list_year, activities_from, activities_until, decision_term_weeks, completion_term_days, rule_version)
            VALUES ('r', 'Ronde', 'R', '2023-01-01', '2023-04-28', 125000000, 5000000, 1, 'PartialRemainder', 'ExactMoment', 2023, '2021-11-01', '2024-06-30', 8, 14, 'r');
            INSERT INTO applications (round_id, municipality_id, state, kenmerk, created_at_utc, created_by_user_id, updated_at_utc)
            SELECT r.id, m.id, CASE m.cbs_code WHEN 'GM0664' THEN 'Ingediend' ELSE 'Concept' END, CASE m.cbs_code WHEN 'GM0664' THEN 'R-000001' END,
                '2023-01-02', u.id, '2023-01-02'
            FROM rounds r CROSS JOIN municipalities m CROSS JOIN users u;
            """);

        await MigrationScripts.RunInTransactionAsync(connection, MigrationScripts.Script(script));

        const string ProvincesSql = "SELECT m.name, a.province FROM applications a JOIN municipalities m ON m.id = a.municipality_id ORDER BY m.name";
        Assert.Equal([("Goes", "Zeeland"), ("Utrecht", "Utrecht")], await connection.QueryAsync<(string, string)>(ProvincesSql));
        await connection.ExecuteAsync("""
            DELETE FROM applications WHERE municipality_id = (SELECT id FROM municipalities WHERE cbs_code = 'GM0344');
            INSERT INTO applications (round_id, municipality_id, state, created_at_utc, created_by_user_id, updated_at_utc)
            SELECT r.id, m.id, 'Concept', '2023-01-03', u.id, '2023-01-03' FROM rounds r, municipalities m, users u WHERE m.cbs_code = 'GM0344';
            """);
        Assert.Equal([("Goes", "Zeeland"), ("Utrecht", "Utrecht")], await connection.QueryAsync<(string, string)>(ProvincesSql));
        Assert.Equal("ok", await connection.QuerySingleAsync<string>("PRAGMA integrity_check"));
    }
}
