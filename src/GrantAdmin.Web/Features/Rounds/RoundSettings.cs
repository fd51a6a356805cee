using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Writes;

namespace GrantAdmin.Web.Features.Rounds;

/// <summary>A change to a round's settings (by its code) runs with that round's lock, through the case-write seam.</summary>
public static class RoundSettings
{
    internal const string IdSql = "SELECT id FROM rounds WHERE code = @code";

    public static async Task<Outcome<T>> WriteAsync<T>(Db db, string code, Func<CaseWrite, Task<Outcome<T>>> work, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<int?>(IdSql, new { code }, ct) is { } roundId
            ? await db.TryRoundWriteAsync(roundId, work, ct)
            : Outcome<T>.Fail(FormLevel.Status, "Deze ronde bestaat niet.");
}
