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

    public async Task<Pdf> GetOrCreateAsync(int applicationId, string kind, CancellationToken ct)
    {
        if (await db.QuerySingleOrDefaultAsync<Pdf>(FindSql, new { applicationId, kind }, ct) is { } stored) return stored;
        var (fileName, html) = await ComposeAsync(applicationId, kind, ct);
        var content = await pdf.RenderAsync(html, ct);
        try
        {
            await db.WriteAsync((_, tx) => StoreAsync(tx, applicationId, kind, fileName, content, clock.GetUtcNow().UtcDateTime, ct), ct);
        }
        catch (System.Data.Common.DbException)
        {
            // Rendered at the same time elsewhere: the first stored copy is the document.
        }
        return (await db.QuerySingleOrDefaultAsync<Pdf>(FindSql, new { applicationId, kind }, ct))!;
    }

    /// <summary>
    /// Stores a rendered letter in the caller's transaction, with its SHA-256, and returns that hash. The unique
    /// (application, kind) makes a second, different copy fail instead of replacing the first.
    /// </summary>
    public static async Task<string> StoreAsync(System.Data.Common.DbTransaction tx, int applicationId, string kind, string fileName, byte[] content,
        DateTime nowUtc, CancellationToken ct)
    {
        var sha256 = PlanFiles.Sha256(content);
        await tx.ExecuteAsync(InsertSql, new { applicationId, kind, fileName, content, sha256, now = nowUtc }, ct);
        // The letter as stored (and never changed), audited with its hash in the same transaction.
        await Audit.AuditLog.WriteAsync(tx, nowUtc, new Audit.AuditLog.Entry("BriefVastgelegd", null, applicationId, Details: $"{fileName} ({kind}), sha256 {sha256}"), ct);
        return sha256;
    }

    /// <summary>As <see cref="GetOrCreateAsync"/>, but null for a kind this application has no letter of.</summary>
    public async Task<Pdf?> FindOrCreateAsync(int applicationId, string kind, CancellationToken ct)
    {
        try
        {
            return await GetOrCreateAsync(applicationId, kind, ct);
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
