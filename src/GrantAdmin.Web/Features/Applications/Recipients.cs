using System.Data.Common;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>Who at the gemeente hears of every step of its application: the contact person and the active tekenbevoegden.</summary>
public static class Recipients
{
    internal const string TekenbevoegdenSql = """
        SELECT email FROM users WHERE municipality_id = @municipalityId AND role = 'Tekenbevoegde' AND is_active = 1 ORDER BY id
        """;

    public static async Task<IEnumerable<string>> OfGemeenteAsync(DbTransaction tx, int municipalityId, string? contactEmail, CancellationToken ct) =>
        (await tx.QueryAsync<string>(TekenbevoegdenSql, new { municipalityId }, ct)).Prepend(contactEmail ?? "");
}
