using System.Globalization;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Settlement;

/// <summary>
/// The vaststelling letter, addressed to the college of the gemeente: the final amount with its legal ground
/// (the regulation and Awb 4:46), the spending per year, the amount to pay back and by when, and the bezwaar clause.
/// Rendered once, after approval, by <see cref="Applications.Documents"/>.
/// </summary>
public sealed class SettlementLetter(Db db)
{
    public const string KindPrefix = "Vaststelling-";
    public const string ViewPath = "/Features/Settlement/SettlementLetter.cshtml";

    public static string Kind(int settlementId) => KindPrefix + settlementId.ToString(CultureInfo.InvariantCulture);

    public sealed record YearLine(int ReportYear, long AmountCents);

    public sealed record Model(int SettlementId, string Kenmerk, string MunicipalityName, string? ContactName, string RoundName, string RuleVersion,
        long GrantedCents, long ReportedCents, long FinalCents, long PaidCents, long PaybackCents, long AdditionalCents, string? Explanation,
        DateOnly SentOn, DateOnly ObjectionDueOn, DateOnly? PaybackDueOn, DateOnly? GrantedOn)
    {
        public IReadOnlyList<YearLine> Years { get; init; } = [];
        public string FileName => $"vaststelling-{Kenmerk}-{SettlementId}.pdf";
        public string LetterDate => Amsterdam.FormatDate(SentOn);
        public string ObjectionDue => Amsterdam.FormatDate(ObjectionDueOn);
        public string? PaybackDue => PaybackDueOn is { } d ? Amsterdam.FormatDate(d) : null;
        public bool SpentLessThanGranted => ReportedCents < GrantedCents;
    }

    internal const string ModelSql = """
        SELECT s.id AS SettlementId, a.kenmerk, m.name AS MunicipalityName, a.contact_name AS ContactName, r.name AS RoundName, s.rule_version AS RuleVersion,
               s.granted_cents AS GrantedCents, s.reported_cents AS ReportedCents, s.final_cents AS FinalCents, s.paid_cents AS PaidCents,
               s.payback_cents AS PaybackCents, s.additional_cents AS AdditionalCents, s.explanation, s.sent_on AS SentOn, s.objection_due_on AS ObjectionDueOn,
               s.payback_due_on AS PaybackDueOn,
               (SELECT MAX(d.sent_on) FROM decisions d WHERE d.application_id = a.id AND d.kind = 'Verlening' AND d.status = 'Goedgekeurd') AS GrantedOn
        FROM settlements s
        JOIN applications a ON a.id = s.application_id
        JOIN municipalities m ON m.id = a.municipality_id
        JOIN rounds r ON r.id = a.round_id
        WHERE s.id = @settlementId AND s.application_id = @applicationId AND s.status = 'Goedgekeurd'
        """;

    internal const string YearsSql = """
        SELECT report_year AS ReportYear, amount_cents AS AmountCents FROM spending_reports WHERE application_id = @applicationId ORDER BY report_year
        """;

    /// <summary>Null unless the vaststelling is approved: a letter exists only for a decision that was taken.</summary>
    public async Task<Model?> LoadModelAsync(int applicationId, int settlementId, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<Model>(ModelSql, new { applicationId, settlementId }, ct) is { } model
            ? model with { Years = await db.QueryAsync<YearLine>(YearsSql, new { applicationId }, ct) }
            : null;
}
