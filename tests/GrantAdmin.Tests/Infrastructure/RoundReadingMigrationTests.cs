using Dapper;
using GrantAdmin.Tests.Support;
using Microsoft.Data.Sqlite;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// Migration 0010 on a database that already holds rounds: SQLite's CHECK constraint is edited in the stored schema (the
/// table cannot be rebuilt inside DbUp's transaction with foreign keys on), so the stored 'Reject' must come out readable.
/// </summary>
public sealed class RoundReadingMigrationTests
{
    [Fact]
    public async Task StoredReject_BecomesStopAtFirstMisfit_AndTheNewValuesAreStorable_TheOldOneNot()
    {
        var (connection, tenth) = await MigrationScripts.MigratedUpToAsync("0010_round_reading_policies.sql");
        await using var _ = connection;
        await connection.ExecuteAsync("""
            INSERT INTO rounds (code, name, kenmerk_prefix, opens_on, closes_on, ceiling_cents, max_per_applicant_cents, one_grant_per_applicant,
                remainder_policy, tie_policy, municipality_list_year, activities_from, activities_until, decision_term_weeks, completion_term_days, rule_version)
            VALUES ('oud', 'Oude ronde', 'OUD', '2022-01-01', '2022-04-29', 125000000, 5000000, 1, 'Reject', 'ExactMoment', 2022, '2021-11-01', '2024-06-30', 8, 14, 'r')
            """);

        await MigrationScripts.RunInTransactionAsync(connection, MigrationScripts.Script(tenth));

        Assert.Equal(("StopAtFirstMisfit", "Refuse"), await connection.QuerySingleAsync<(string, string)>(
            "SELECT remainder_policy, late_supplement_policy FROM rounds WHERE code = 'oud'"));
        await connection.ExecuteAsync("UPDATE rounds SET remainder_policy = 'SkipMisfits', late_supplement_policy = 'Review'");
        await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("UPDATE rounds SET remainder_policy = 'Reject'"));
        await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("UPDATE rounds SET late_supplement_policy = 'Soms'"));
        Assert.Equal("ok", await connection.QuerySingleAsync<string>("PRAGMA integrity_check"));
    }
}
