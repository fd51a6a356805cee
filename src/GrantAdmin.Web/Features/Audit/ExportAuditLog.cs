using GrantAdmin.Web.Infrastructure.Writes;
using System.Globalization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Audit;

/// <summary>
/// The office exports a round's audit log as CSV: every row of the round's received applications and of the round's own
/// settings, in the order written. A draft's rows stay out until it is received: until then it is the gemeente's. The export is itself audited (with the file's SHA-256), in the transaction that reads the rows.
/// </summary>
/// <remarks>A file for people (<see cref="CsvFile.Dialect.Spreadsheet"/>): UTF-8 with BOM, <c>;</c>, ISO moments, formula-like text escaped.</remarks>
public static class ExportAuditLog
{
    public static readonly string[] Header = ["nummer", "moment (UTC)", "moment (Amsterdam)", "gebruiker", "rol", "actie", "kenmerk", "gemeente", "toelichting", "voor", "na"];

    public sealed record Row(long Id, DateTime OccurredAtUtc, string? UserEmail, string? Role, string Action, string? Kenmerk, string? Municipality,
        string? Details, string? Before, string? After);

    public sealed record Page(IReadOnlyList<Round> Rounds);

    public sealed record File(string FileName, byte[] Content, int RowCount, string Sha256);

    internal const string RoundIdSql = "SELECT id FROM rounds WHERE code = @code";

    internal const string RowsSql = """
        SELECT l.id, l.occurred_at_utc AS OccurredAtUtc, u.email AS UserEmail, l.actor_role AS Role, l.action, a.kenmerk, m.name AS Municipality,
               l.details, l.before_value AS Before, l.after_value AS After
        FROM audit_log l LEFT JOIN users u ON u.id = l.user_id LEFT JOIN applications a ON a.id = l.application_id
             LEFT JOIN municipalities m ON m.id = COALESCE(l.municipality_id, a.municipality_id)
        WHERE (a.round_id = @roundId OR l.round_id = @roundId) AND (l.application_id IS NULL OR a.kenmerk IS NOT NULL)
        ORDER BY l.id
        """;

    public static byte[] Csv(IEnumerable<Row> rows) => CsvFile.Write(Header, rows.Select(r => (IReadOnlyList<string>)
        [r.Id.ToString(CultureInfo.InvariantCulture), r.OccurredAtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            Amsterdam.ToLocal(r.OccurredAtUtc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.UserEmail ?? "", r.Role ?? "", r.Action,
            r.Kenmerk ?? "", r.Municipality ?? "", r.Details ?? "", r.Before ?? "", r.After ?? ""]), CsvFile.Dialect.Spreadsheet);

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Page> LoadAsync(CancellationToken ct) => new(await db.QueryAsync<Round>(CeilingMeter.RoundsSql, null, ct));

        public Task<Outcome<File>> HandleAsync(CurrentUser user, string roundCode, CancellationToken ct) =>
            db.TryWriteAsync<File>(async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await w.Tx.QuerySingleOrDefaultAsync<int?>(RoundIdSql, new { code = roundCode }, ct) is not { } roundId)
                    return Outcome<File>.Fail(FormLevel.Status, "Deze ronde bestaat niet.");
                var rows = await w.Tx.QueryAsync<Row>(RowsSql, new { roundId }, ct);
                var content = Csv(rows);
                var sha256 = PlanFiles.Sha256(content);
                var fileName = $"auditlog-{roundCode}-{Amsterdam.ToLocal(now):yyyyMMdd-HHmmss}.csv";
                await w.AuditAsync(now, new AuditLog.Entry("AuditlogGeexporteerd", user.Id, RoundId: roundId,
                    Details: $"{fileName}: {rows.Count} regels, sha256 {sha256}"), ct);
                return Outcome<File>.Ok(new File(fileName, content, rows.Count, sha256));
            }, ct);
    }
}
