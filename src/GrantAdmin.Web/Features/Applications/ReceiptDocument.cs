using System.Globalization;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>
/// The receipt confirmation (Awb 4:3a) of a submission or of a supplement: its model, read from what was
/// stored at the moment of receipt, and the text of its e-mail.
/// </summary>
public sealed class ReceiptDocument(Db db)
{
    public const string Kind = "Ontvangstbevestiging";
    public const string SupplementKindPrefix = "OntvangstbevestigingAanvulling-";
    public const string ViewPath = "/Features/Applications/ReceiptLetter.cshtml";

    public static string SupplementKind(int requestId) => SupplementKindPrefix + requestId.ToString(CultureInfo.InvariantCulture);

    public sealed record Model(int ApplicationId, string Kenmerk, string MunicipalityName, string MunicipalityCode, string RoundName,
        string RuleVersion, DateTime ReceivedAtUtc, string PlanFileName, string PlanSha256, long PlanSizeBytes, string? ContactName,
        long? RequestedCents, int DecisionTermWeeks, bool IsSupplement, DateOnly? DecisionDueOn = null)
    {
        public string ReceivedAt => Amsterdam.Format(ReceivedAtUtc);
        public string LetterDate => Amsterdam.FormatDate(DateOnly.FromDateTime(Amsterdam.ToLocal(ReceivedAtUtc)));
        public string FileName => IsSupplement ? $"ontvangstbevestiging-aanvulling-{Kenmerk}-{ReceivedAtUtc:yyyyMMddHHmmss}.pdf" : $"ontvangstbevestiging-{Kenmerk}.pdf";
        public string Title => IsSupplement ? "Ontvangstbevestiging van uw aanvulling" : "Ontvangstbevestiging van uw aanvraag";
    }

    internal const string ModelSql = """
        SELECT a.id AS ApplicationId, a.kenmerk, m.name AS MunicipalityName, m.cbs_code AS MunicipalityCode, r.name AS RoundName,
               r.rule_version AS RuleVersion, a.received_at_utc AS ReceivedAtUtc, p.file_name AS PlanFileName, p.sha256 AS PlanSha256,
               p.size_bytes AS PlanSizeBytes, a.contact_name AS ContactName, a.requested_cents AS RequestedCents,
               r.decision_term_weeks AS DecisionTermWeeks, CAST(0 AS bit) AS IsSupplement, a.decision_due_on AS DecisionDueOn
        FROM applications a
        JOIN municipalities m ON m.id = a.municipality_id
        JOIN rounds r ON r.id = a.round_id
        JOIN plan_files p ON p.id = a.current_plan_id
        WHERE a.id = @applicationId AND a.kenmerk IS NOT NULL
        """;

    internal const string SupplementMomentSql = """
        SELECT supplement_received_at_utc FROM completion_requests WHERE id = @requestId AND application_id = @applicationId
        """;

    public Task<Model?> LoadModelAsync(int applicationId, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<Model>(ModelSql, new { applicationId }, ct);

    public async Task<Model?> LoadSupplementModelAsync(int applicationId, int requestId, CancellationToken ct)
    {
        var model = await LoadModelAsync(applicationId, ct);
        var moment = await db.QuerySingleOrDefaultAsync<DateTime?>(SupplementMomentSql, new { requestId, applicationId }, ct);
        return model is null || moment is null ? null : model with { ReceivedAtUtc = DateTime.SpecifyKind(moment.Value, DateTimeKind.Utc), IsSupplement = true };
    }

    public static string MailBody(string kenmerk, string municipality, DateTime receivedAtUtc, string roundName, string planFileName, string planSha256,
        bool supplement = false) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            Geacht college van burgemeester en wethouders van de gemeente {municipality},

            Wij hebben {(supplement ? "de aanvulling op uw aanvraag" : "uw aanvraag")} voor de specifieke uitkering versterking cliëntondersteuning ({roundName}) ontvangen.

            Kenmerk: {kenmerk}
            Ontvangen op: {Amsterdam.Format(receivedAtUtc)} (Nederlandse tijd)
            Projectplan: {planFileName}
            SHA-256 van het projectplan: {planSha256}

            De ontvangstbevestiging zit als PDF bij dit bericht. Noem het kenmerk als u contact met ons opneemt.
            De uitkering wordt verdeeld in volgorde van ontvangst van volledige aanvragen.{(supplement ? " Het moment waarop deze aanvulling ons bereikte, telt voor de volgorde." : " Is uw aanvraag niet volledig, dan ontvangt u een verzoek om aanvulling.")}

            Met vriendelijke groet,
            Het uitvoeringsteam cliëntondersteuning, namens de minister van Volksgezondheid, Welzijn en Sport
            """);
}
