using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Infrastructure.Writes;
using System.Globalization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Payments;

/// <summary>
/// The grants office exports the payment instructions not yet exported as one CSV file for the finance system.
/// One write transaction creates the export, claims every instruction with <c>export_id IS NULL</c> for it, writes
/// the file from exactly the claimed rows and keeps it (with its SHA-256): two exports at once never put the same
/// instruction in two files, and nothing to claim means no export and no empty file.
/// </summary>
/// <remarks>
/// The file: UTF-8 without BOM, RFC 4180 (comma separated, CRLF, quoted when needed), a header row with Dutch column
/// names, the amount in euros with a dot and two decimals and no thousands separator (e.g. <c>50000.00</c>), the
/// decision date as ISO <c>yyyy-MM-dd</c>. Text that a spreadsheet would run as a formula is escaped with a quote.
/// The finance system reads this format, so it stays comma-separated without BOM where the files for people do not.
/// </remarks>
public static class ExportPayments
{
    public const string NothingToExport = "Er zijn geen nieuwe betaalopdrachten.";

    public static readonly string[] Header = ["kenmerk", "gemeente", "CBS-code", "IBAN", "tenaamstelling", "bedrag", "datum besluit"];

    public sealed record Instruction(int Id, string Kenmerk, string Municipality, string CbsCode, string Iban, string AccountHolder,
        long AmountCents, DateOnly DecisionDate, DateTime CreatedAtUtc);

    public sealed record Export(int Id, DateTime CreatedAtUtc, string UserName, string FileName, string Sha256, int InstructionCount);

    public sealed record Page(IReadOnlyList<Instruction> Pending, IReadOnlyList<Export> Exports);

    public sealed record File(string FileName, byte[] Content);

    private const string InstructionColumns = """
        SELECT p.id, p.kenmerk, m.name AS Municipality, m.cbs_code AS CbsCode, p.iban, p.account_holder AS AccountHolder,
               p.amount_cents AS AmountCents, d.sent_on AS DecisionDate, p.created_at_utc AS CreatedAtUtc
        FROM payment_instructions p JOIN applications a ON a.id = p.application_id JOIN municipalities m ON m.id = a.municipality_id
             JOIN decisions d ON d.id = p.decision_id
        """;

    /// <summary>An instruction is paid once its decision is made known: after the letter is sent (Awb 3:40), which dates it.</summary>
    internal const string PendingSql = InstructionColumns + "\nWHERE p.export_id IS NULL AND d.sent_on IS NOT NULL ORDER BY p.kenmerk";

    internal const string ExportedSql = InstructionColumns + "\nWHERE p.export_id = @exportId ORDER BY p.kenmerk";

    internal const string ExportsSql = """
        SELECT e.id, e.created_at_utc AS CreatedAtUtc, u.display_name AS UserName, e.file_name AS FileName, e.sha256, e.row_count AS InstructionCount
        FROM payment_exports e JOIN users u ON u.id = e.user_id ORDER BY e.id DESC
        """;

    internal const string InsertExportSql = """
        INSERT INTO payment_exports (created_at_utc, user_id, file_name, content, sha256, row_count)
        VALUES (@now, @userId, @fileName, @content, @sha256, 0)
        """;

    /// <summary>Claims every instruction not yet in an export; the guard keeps a claimed instruction out of every other export.</summary>
    internal const string ClaimSql = """
        UPDATE payment_instructions SET export_id = @exportId
        WHERE export_id IS NULL AND decision_id IN (SELECT d.id FROM decisions d WHERE d.sent_on IS NOT NULL)
        """;

    internal const string CompleteExportSql = """
        UPDATE payment_exports SET file_name = @fileName, content = @content, sha256 = @sha256, row_count = @rowCount WHERE id = @exportId
        """;

    internal const string FileSql = "SELECT file_name AS FileName, content FROM payment_exports WHERE id = @exportId";

    /// <summary>Euros with a dot and two decimals, no thousands separator: 5000000 → "50000.00".</summary>
    public static string Euros(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public static byte[] Csv(IEnumerable<Instruction> rows) => CsvFile.Write(Header, rows.Select(r => (IReadOnlyList<string>)
        [r.Kenmerk, r.Municipality, r.CbsCode, r.Iban, r.AccountHolder, Euros(r.AmountCents), r.DecisionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]), CsvFile.Dialect.Rfc4180);

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Page> LoadAsync(CancellationToken ct) =>
            new(await db.QueryAsync<Instruction>(PendingSql, null, ct), await db.QueryAsync<Export>(ExportsSql, null, ct));

        public Task<File?> FileAsync(int exportId, CancellationToken ct) => db.QuerySingleOrDefaultAsync<File>(FileSql, new { exportId }, ct);

        public Task<Outcome<Export>> HandleAsync(CurrentUser user, CancellationToken ct) =>
            db.TryWriteAsync<Export>(async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var exportId = await w.InsertAsync(InsertExportSql,
                    new { now, userId = user.Id, fileName = "", content = Array.Empty<byte>(), sha256 = "" }, ct);
                var claimed = await w.Tx.ExecuteAsync(ClaimSql, new { exportId }, ct);
                if (claimed == 0) return Outcome<Export>.Fail(FormLevel.Status, NothingToExport); // rolled back: no export, no file
                var rows = await w.Tx.QueryAsync<Instruction>(ExportedSql, new { exportId }, ct);
                var content = Csv(rows);
                var sha256 = PlanFiles.Sha256(content);
                var fileName = $"betaalopdrachten-{exportId:D5}-{Amsterdam.ToLocal(now):yyyyMMdd-HHmm}.csv";
                await w.Tx.ExecuteAsync(CompleteExportSql, new { exportId, fileName, content, sha256, rowCount = rows.Count }, ct);
                await w.AuditAsync(now, new AuditLog.Entry("BetaalopdrachtenGeexporteerd", user.Id, Details: $"{fileName}: {rows.Count} opdrachten, {Euros(rows.Sum(r => r.AmountCents))} euro, sha256 {sha256}"), ct);
                return Outcome<Export>.Ok(new Export(exportId, now, user.Name, fileName, sha256, rows.Count));
            }, ct);
    }
}
