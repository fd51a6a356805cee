using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Decisions;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Settlement;

/// <summary>The reviewer's settlement page of one application: spending per year, the computed amounts, the vaststellingen so far.</summary>
public static class SettlementPage
{
    public sealed record Line(int Id, long FinalCents, long PaybackCents, long AdditionalCents, string? Explanation, string Status, int PreparedById,
        string PreparedBy, DateTime PreparedAtUtc, string? ReviewedBy, DateTime? ReviewedAtUtc, string? Remark, DateOnly? SentOn, DateOnly? PaybackDueOn)
    {
        public bool IsApproved => Status == "Goedgekeurd";
    }

    public sealed record Page(SettlementCase.Facts Case, IReadOnlyList<SettlementCase.Spending> Spending, SettlementRules.Amounts Amounts,
        IReadOnlyList<int> MissingYears, IReadOnlyList<Line> Settlements, RecordSpending.Form SpendingForm, PrepareSettlement.Form PrepareForm)
    {
        public Line? Pending => Settlements.LastOrDefault(s => s.Status == "TerAccordering");
        public Line? Approved => Settlements.LastOrDefault(s => s.IsApproved);
        public Line? Returned => Pending is null && Approved is null ? Settlements.LastOrDefault(s => s.Status == "Teruggestuurd") : null;
        public bool IsGranted => StateMachine.IsGranted(Case.StateValue);
        public bool IsOpen => Case.StateValue == ApplicationState.Verleend;
        public bool CanRecord => IsOpen && Pending is null;
        public bool CanPrepare => CanRecord && MissingYears.Count == 0;
        public bool MayReview(CurrentUser me) => Pending is { } p && FourEyes.MayReview(p.PreparedById, me);
    }

    internal const string SettlementsSql = """
        SELECT s.id, s.final_cents AS FinalCents, s.payback_cents AS PaybackCents, s.additional_cents AS AdditionalCents, s.explanation, s.status,
               s.prepared_by_user_id AS PreparedById, p.display_name AS PreparedBy, s.prepared_at_utc AS PreparedAtUtc, r.display_name AS ReviewedBy,
               s.reviewed_at_utc AS ReviewedAtUtc, s.remark, s.sent_on AS SentOn, s.payback_due_on AS PaybackDueOn
        FROM settlements s JOIN users p ON p.id = s.prepared_by_user_id LEFT JOIN users r ON r.id = s.reviewed_by_user_id
        WHERE s.application_id = @applicationId ORDER BY s.id
        """;


    public sealed class Handler(Db db, ApplicationQueries queries)
    {
        /// <summary>Null for an application the user may not see or one without a kenmerk (not submitted).</summary>
        public async Task<Page?> LoadAsync(CurrentUser reviewer, int applicationId, CancellationToken ct,
            RecordSpending.Form? spendingForm = null, PrepareSettlement.Form? prepareForm = null)
        {
            if (await queries.FindAsync(applicationId, reviewer, ct) is not { Kenmerk: not null }) return null;
            var facts = await db.QuerySingleOrDefaultAsync<SettlementCase.Facts>(SettlementCase.FactsSql, new { applicationId }, ct);
            if (facts is null) return null;
            var spending = await db.QueryAsync<SettlementCase.Spending>(SettlementCase.SpendingSql, new { applicationId }, ct);
            return new Page(facts, spending, facts.Compute(spending), SettlementRules.MissingYears(facts.ReportingYears, spending.Select(s => s.ReportYear)),
                await db.QueryAsync<Line>(SettlementsSql, new { applicationId }, ct), spendingForm ?? new RecordSpending.Form(null, null),
                prepareForm ?? new PrepareSettlement.Form(null));
        }
    }
}
