using System.Globalization;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Decisions;

/// <summary>
/// The decision letter (beschikking): verlening, afwijzing or buiten behandeling, addressed to the college of the
/// gemeente, with its legal ground and the bezwaar clause. Rendered once, when it is sent (SendDecisionLettersJob),
/// dated the day it is sent; stored unchanged from then on (Documents).
/// </summary>
public sealed class DecisionLetter(Db db)
{
    public const string KindPrefix = "Besluit-";
    public const string ViewPath = "/Features/Decisions/DecisionLetter.cshtml";

    public static string Kind(int decisionId) => KindPrefix + decisionId.ToString(CultureInfo.InvariantCulture);

    public sealed record Model(int DecisionId, string Kind, string Kenmerk, string MunicipalityName, string? ContactName, string RoundName, string RuleVersion,
        long AmountCents, long RequestedCents, string? Ground, string? Explanation, DateOnly? SentOn, DateOnly? ObjectionDueOn, DateOnly? ProjectStart,
        DateOnly? ProjectEnd, int? RankingPosition, long? MeterCeilingCents, long? MeterGrantedCents, long? MeterReservedCents, long? MeterAvailableCents)
    {
        public DecisionKind KindValue => Enum.Parse<DecisionKind>(Kind);
        public bool OnCeiling => KindValue == DecisionKind.Afwijzing && Ground == PrepareDecision.CeilingGround;
        public bool IsPartial => KindValue == DecisionKind.Verlening && AmountCents < RequestedCents;
        public string FileName => $"besluit-{Kenmerk}-{DecisionId}.pdf";
        public string LetterDate => Amsterdam.FormatDate(SentOn!.Value);
        public string ObjectionDue => Amsterdam.FormatDate(ObjectionDueOn!.Value);

        public string Title => KindValue switch
        {
            DecisionKind.Verlening => "Besluit op uw aanvraag: verlening van de specifieke uitkering",
            DecisionKind.Afwijzing => "Besluit op uw aanvraag: afwijzing",
            _ => "Besluit op uw aanvraag: buiten behandeling",
        };
    }

    internal const string ModelSql = """
        SELECT d.id AS DecisionId, d.kind, a.kenmerk, m.name AS MunicipalityName, a.contact_name AS ContactName, r.name AS RoundName, d.rule_version AS RuleVersion,
               d.amount_cents AS AmountCents, COALESCE(a.requested_cents, 0) AS RequestedCents, d.ground, d.explanation, d.sent_on AS SentOn,
               d.objection_due_on AS ObjectionDueOn, a.project_start AS ProjectStart, a.project_end AS ProjectEnd, d.ranking_position AS RankingPosition,
               d.meter_ceiling_cents AS MeterCeilingCents, d.meter_granted_cents AS MeterGrantedCents, d.meter_reserved_cents AS MeterReservedCents,
               d.meter_available_cents AS MeterAvailableCents
        FROM decisions d
        JOIN applications a ON a.id = d.application_id
        JOIN municipalities m ON m.id = a.municipality_id
        JOIN rounds r ON r.id = a.round_id
        WHERE d.id = @decisionId AND d.application_id = @applicationId AND d.status = 'Goedgekeurd'
        """;

    /// <summary>Null unless the decision is approved and its letter sent: only the dispatch makes a decision's letter.</summary>
    public async Task<Model?> LoadModelAsync(int applicationId, int decisionId, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<Model>(ModelSql, new { applicationId, decisionId }, ct) is { SentOn: not null } sent ? sent : null;

    /// <summary>The letter of an approved decision not sent yet, as it reads when sent on <paramref name="sentOn"/>; null otherwise.</summary>
    public async Task<Model?> LoadUnsentAsync(int applicationId, int decisionId, DateOnly sentOn, DateOnly objectionDueOn, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<Model>(ModelSql, new { applicationId, decisionId }, ct) is { SentOn: null } unsent
            ? unsent with { SentOn = sentOn, ObjectionDueOn = objectionDueOn }
            : null;
}
