using System.Globalization;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Cases;

/// <summary>The aanvulverzoek (Awb 4:5): what is missing, why, and the term within which to supply it.</summary>
public sealed class CompletionRequestLetter(Db db)
{
    public const string KindPrefix = "Aanvulverzoek-";
    public const string ViewPath = "/Features/Cases/CompletionRequestLetter.cshtml";

    public static string Kind(int requestId) => KindPrefix + requestId.ToString(CultureInfo.InvariantCulture);

    public sealed record Model(int RequestId, string Kenmerk, string MunicipalityName, string? ContactName, string RoundName, string RuleVersion,
        DateTime SentAtUtc, DateOnly DueOn, int TermDays, string Explanation, IReadOnlyList<Applications.SubmitSupplement.MissingItem> Missing)
    {
        public string FileName => $"aanvulverzoek-{Kenmerk}-{RequestId}.pdf";
        public string LetterDate => Amsterdam.FormatDate(DateOnly.FromDateTime(Amsterdam.ToLocal(SentAtUtc)));
        public string Due => Amsterdam.FormatDate(DueOn);
    }

    private sealed record Header(int RequestId, string Kenmerk, string MunicipalityName, string? ContactName, string RoundName, string RuleVersion,
        DateTime SentAtUtc, DateOnly DueOn, int TermDays, string Explanation, int JudgementId, int RoundId);

    internal const string HeaderSql = """
        SELECT c.id AS RequestId, a.kenmerk, m.name AS MunicipalityName, a.contact_name AS ContactName, r.name AS RoundName, r.rule_version AS RuleVersion,
               c.sent_at_utc AS SentAtUtc, c.due_on AS DueOn, c.term_days AS TermDays, c.explanation, c.judgement_id AS JudgementId, r.id AS RoundId
        FROM completion_requests c
        JOIN applications a ON a.id = c.application_id
        JOIN municipalities m ON m.id = a.municipality_id
        JOIN rounds r ON r.id = a.round_id
        WHERE c.id = @requestId AND c.application_id = @applicationId
        """;

    internal const string MissingSql = """
        SELECT ci.code, ci.label, ji.remark
        FROM judgement_items ji
        JOIN checklist_items ci ON ci.code = ji.code AND ci.round_id = @roundId
        WHERE ji.judgement_id = @judgementId AND ji.complete = 0
        ORDER BY ci.position
        """;

    public async Task<Model?> LoadModelAsync(int applicationId, int requestId, CancellationToken ct)
    {
        if (await db.QuerySingleOrDefaultAsync<Header>(HeaderSql, new { applicationId, requestId }, ct) is not { } h) return null;
        var missing = await db.QueryAsync<Applications.SubmitSupplement.MissingItem>(MissingSql, new { roundId = h.RoundId, judgementId = h.JudgementId }, ct);
        return new Model(h.RequestId, h.Kenmerk, h.MunicipalityName, h.ContactName, h.RoundName, h.RuleVersion,
            DateTime.SpecifyKind(h.SentAtUtc, DateTimeKind.Utc), h.DueOn, h.TermDays, h.Explanation, missing);
    }
}
