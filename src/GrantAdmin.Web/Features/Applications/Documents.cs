using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Pdf;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>
/// Every letter of an application, by kind: rendered from a Razor view to a tagged PDF the first time it is
/// needed (after the event that causes it has been committed), then stored and never changed, so the
/// e-mail attachment and the portal copy are the same document.
/// </summary>
public sealed class Documents(Db db, RazorRenderer razor, PdfRenderer pdf, TimeProvider clock, ReceiptDocument receipts, CompletionRequestLetter requests,
    Decisions.DecisionLetter decisions, ExtensionLetter extensions, Settlement.SettlementLetter settlements)
{
    public sealed record Pdf(string FileName, byte[] Content);

    internal const string FindSql = """
        SELECT file_name AS FileName, content FROM documents WHERE application_id = @applicationId AND kind = @kind
        """;

    internal const string InsertSql = """
        INSERT INTO documents (application_id, kind, file_name, content, sha256, created_at_utc)
        VALUES (@applicationId, @kind, @fileName, @content, @sha256, @now)
        """;

    internal const string InsertIfAbsentSql = """
        INSERT INTO documents (application_id, kind, file_name, content, sha256, created_at_utc)
        SELECT @applicationId, @kind, @fileName, @content, @sha256, @now
        WHERE NOT EXISTS (SELECT 1 FROM documents WHERE application_id = @applicationId AND kind = @kind)
        """;

    /// <summary>A letter as printed, before it is stored.</summary>
    public sealed record Rendered(int ApplicationId, string Kind, string FileName, byte[] Content);

    public async Task<Pdf> GetOrCreateAsync(int applicationId, string kind, CancellationToken ct) =>
        (await GetOrCreateAllAsync([(applicationId, kind)], ct))[0];

    public Task<IReadOnlyList<Pdf>> GetOrCreateAllAsync(IReadOnlyList<(int ApplicationId, string Kind)> letters, CancellationToken ct) =>
        GetOrCreateAllAsync(letters, PdfPriority.Background, ct);

    /// <summary>
    /// The stored letters, printing and storing (in one write) those that are not stored yet. Should another process
    /// store one first, its copy is the document: every caller gets the copy that is stored.
    /// </summary>
    private async Task<IReadOnlyList<Pdf>> GetOrCreateAllAsync(IReadOnlyList<(int ApplicationId, string Kind)> letters, PdfPriority priority, CancellationToken ct)
    {
        var found = new Pdf?[letters.Count];
        var rendered = new List<Rendered>();
        foreach (var ((applicationId, kind), i) in letters.Select((l, i) => (l, i)))
            if ((found[i] = await FindAsync(applicationId, kind, ct)) is null)
            {
                var (fileName, html) = await ComposeAsync(applicationId, kind, ct);
                rendered.Add(new Rendered(applicationId, kind, fileName, await pdf.RenderAsync(html, ct, priority)));
            }
        if (rendered.Count == 0) return found!;
        await db.WriteAsync(async w =>
        {
            foreach (var letter in rendered) await StoreIfAbsentAsync(w, letter, clock.GetUtcNow().UtcDateTime, ct);
            return rendered.Count;
        }, ct);
        var all = new List<Pdf>(letters.Count);
        foreach (var ((applicationId, kind), i) in letters.Select((l, i) => (l, i)))
            all.Add(found[i] ?? (await FindAsync(applicationId, kind, ct))!);
        return all;
    }

    private Task<Pdf?> FindAsync(int applicationId, string kind, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<Pdf>(FindSql, new { applicationId, kind }, ct);

    private static async Task StoreIfAbsentAsync(Infrastructure.Writes.Write w, Rendered letter, DateTime nowUtc, CancellationToken ct)
    {
        var sha256 = PlanFiles.Sha256(letter.Content);
        if (await w.Tx.ExecuteAsync(InsertIfAbsentSql, new { applicationId = letter.ApplicationId, kind = letter.Kind, fileName = letter.FileName, content = letter.Content, sha256, now = nowUtc }, ct) == 1)
            await AuditStoredAsync(w, letter.ApplicationId, letter.Kind, letter.FileName, sha256, nowUtc, ct);
    }

    /// <summary>
    /// Stores a rendered letter in the caller's transaction, with its SHA-256, and returns that hash. The unique
    /// (application, kind) makes a second, different copy fail instead of replacing the first.
    /// </summary>
    public static async Task<string> StoreAsync(Infrastructure.Writes.Write w, int applicationId, string kind, string fileName, byte[] content,
        DateTime nowUtc, CancellationToken ct)
    {
        var sha256 = PlanFiles.Sha256(content);
        await w.Tx.ExecuteAsync(InsertSql, new { applicationId, kind, fileName, content, sha256, now = nowUtc }, ct);
        await AuditStoredAsync(w, applicationId, kind, fileName, sha256, nowUtc, ct);
        return sha256;
    }

    // The letter as stored (and never changed), audited with its hash in the same transaction.
    private static Task AuditStoredAsync(Infrastructure.Writes.Write w, int applicationId, string kind, string fileName, string sha256, DateTime nowUtc, CancellationToken ct) =>
        w.AuditAsync(nowUtc, new Audit.AuditLog.Entry("BriefVastgelegd", null, applicationId, Details: $"{fileName} ({kind}), sha256 {sha256}"), ct);

    /// <summary>
    /// A letter someone is downloading: as <see cref="GetOrCreateAsync"/>, printed ahead of the mail queue if it is not
    /// stored yet, and null for a kind this application has no letter of.
    /// </summary>
    public async Task<Pdf?> DownloadAsync(int applicationId, string kind, CancellationToken ct)
    {
        try
        {
            return (await GetOrCreateAllAsync([(applicationId, kind)], PdfPriority.SomeoneWaits, ct))[0];
        }
        catch (UnknownLetterException)
        {
            return null;
        }
    }

    private sealed class UnknownLetterException(string message) : InvalidOperationException(message);

    private async Task<(string FileName, string Html)> ComposeAsync(int applicationId, string kind, CancellationToken ct)
    {
        if (kind == ReceiptDocument.Kind && await receipts.LoadModelAsync(applicationId, ct) is { } receipt)
            return (receipt.FileName, await razor.RenderAsync(ReceiptDocument.ViewPath, receipt));
        if (IdAfter(kind, ReceiptDocument.SupplementKindPrefix) is { } supplementOf
            && await receipts.LoadSupplementModelAsync(applicationId, supplementOf, ct) is { } supplement)
            return (supplement.FileName, await razor.RenderAsync(ReceiptDocument.ViewPath, supplement));
        if (IdAfter(kind, CompletionRequestLetter.KindPrefix) is { } requestId && await requests.LoadModelAsync(applicationId, requestId, ct) is { } letter)
            return (letter.FileName, await razor.RenderAsync(CompletionRequestLetter.ViewPath, letter));
        if (kind == ExtensionLetter.Kind && await extensions.LoadModelAsync(applicationId, ct) is { } extension)
            return (extension.FileName, await razor.RenderAsync(ExtensionLetter.ViewPath, extension));
        if (IdAfter(kind, Decisions.DecisionLetter.KindPrefix) is { } decisionId && await decisions.LoadModelAsync(applicationId, decisionId, ct) is { } decision)
            return (decision.FileName, await razor.RenderAsync(Decisions.DecisionLetter.ViewPath, decision));
        if (IdAfter(kind, Settlement.SettlementLetter.KindPrefix) is { } settlementId && await settlements.LoadModelAsync(applicationId, settlementId, ct) is { } settlement)
            return (settlement.FileName, await razor.RenderAsync(Settlement.SettlementLetter.ViewPath, settlement));
        throw new UnknownLetterException($"No letter '{kind}' can be made for application {applicationId}.");
    }

    private static int? IdAfter(string kind, string prefix) =>
        kind.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(kind[prefix.Length..], out var id) ? id : null;
}
