using Dapper;
using GrantAdmin.Tests.Support;

namespace GrantAdmin.Tests.Features.Programme;

/// <summary>Looks up the seeded programme rows the tests act on.</summary>
public static class ProgrammeTestData
{
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
