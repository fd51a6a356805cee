using System.Globalization;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Pdf;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>
/// The receipt confirmation (Awb 4:3a) as a PDF: rendered once from the stored submission, then stored
/// unchanged, so every copy (e-mail, portal) is the same document.
/// </summary>
public sealed class ReceiptDocument(Db db, RazorRenderer razor, PdfRenderer pdf, TimeProvider clock)
{
    public const string Kind = "Ontvangstbevestiging";
    public const string ViewPath = "/Features/Applications/ReceiptLetter.cshtml";

    public sealed record Model(int ApplicationId, string Kenmerk, string MunicipalityName, string MunicipalityCode, string RoundName,
        string RuleVersion, DateTime ReceivedAtUtc, string PlanFileName, string PlanSha256, long PlanSizeBytes, string? ContactName,
        long? RequestedCents, int DecisionTermWeeks)
    {
        public string ReceivedAt => Amsterdam.Format(ReceivedAtUtc);
        public string LetterDate => Amsterdam.FormatDate(DateOnly.FromDateTime(Amsterdam.ToLocal(ReceivedAtUtc)));
        public string FileName => $"ontvangstbevestiging-{Kenmerk}.pdf";
    }

    public sealed record Pdf(string FileName, byte[] Content);

    internal const string ModelSql = """
        SELECT a.id AS ApplicationId, a.kenmerk, m.name AS MunicipalityName, m.cbs_code AS MunicipalityCode, r.name AS RoundName,
               r.rule_version AS RuleVersion, a.received_at_utc AS ReceivedAtUtc, p.file_name AS PlanFileName, p.sha256 AS PlanSha256,
               p.size_bytes AS PlanSizeBytes, a.contact_name AS ContactName, a.requested_cents AS RequestedCents,
               r.decision_term_weeks AS DecisionTermWeeks
        FROM applications a
        JOIN municipalities m ON m.id = a.municipality_id
        JOIN rounds r ON r.id = a.round_id
        JOIN plan_files p ON p.id = a.current_plan_id
        WHERE a.id = @applicationId AND a.kenmerk IS NOT NULL
        """;

    internal const string FindSql = """
        SELECT file_name AS FileName, content FROM documents WHERE application_id = @applicationId AND kind = @kind
        """;

    internal const string InsertSql = """
        INSERT INTO documents (application_id, kind, file_name, content, sha256, created_at_utc)
        VALUES (@applicationId, @kind, @fileName, @content, @sha256, @now)
        """;

    public Task<Model?> LoadModelAsync(int applicationId, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<Model>(ModelSql, new { applicationId }, ct);

    public async Task<Pdf> GetOrCreateAsync(int applicationId, CancellationToken ct)
    {
        if (await db.QuerySingleOrDefaultAsync<Pdf>(FindSql, new { applicationId, kind = Kind }, ct) is { } stored) return stored;
        var model = await LoadModelAsync(applicationId, ct)
            ?? throw new InvalidOperationException($"Application {applicationId} has no receipt: it was not submitted.");
        var content = await pdf.RenderAsync(await razor.RenderAsync(ViewPath, model), ct);
        try
        {
            await db.WriteAsync((_, tx) => tx.ExecuteAsync(InsertSql, new
            {
                applicationId, kind = Kind, fileName = model.FileName, content, sha256 = PlanFiles.Sha256(content),
                now = clock.GetUtcNow().UtcDateTime,
            }, ct), ct);
        }
        catch (System.Data.Common.DbException)
        {
            // Rendered at the same time elsewhere: the first stored copy is the document.
        }
        return (await db.QuerySingleOrDefaultAsync<Pdf>(FindSql, new { applicationId, kind = Kind }, ct))!;
    }

    public static string MailBody(string kenmerk, string municipality, DateTime receivedAtUtc, string roundName, string planFileName, string planSha256) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            Geacht college van burgemeester en wethouders van de gemeente {municipality},

            Wij hebben uw aanvraag voor de specifieke uitkering versterking cliëntondersteuning ({roundName}) ontvangen.

            Kenmerk: {kenmerk}
            Ontvangen op: {Amsterdam.Format(receivedAtUtc)} (Nederlandse tijd)
            Projectplan: {planFileName}
            SHA-256 van het projectplan: {planSha256}

            De ontvangstbevestiging zit als PDF bij dit bericht. Noem het kenmerk als u contact met ons opneemt.
            De uitkering wordt verdeeld in volgorde van ontvangst van volledige aanvragen. Is uw aanvraag niet
            volledig, dan ontvangt u een verzoek om aanvulling.

            Met vriendelijke groet,
            Het uitvoeringsteam cliëntondersteuning, namens de minister van Volksgezondheid, Welzijn en Sport
            """);
}
