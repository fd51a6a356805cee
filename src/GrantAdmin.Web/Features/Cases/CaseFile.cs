using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Cases;

/// <summary>The reviewer's view of one application: form, plans, history, ledger, position and requests.</summary>
public static class CaseFile
{
    public sealed record LedgerLine(int Sequence, string Event, DateTime MomentUtc, long AmountCents, string Hash);
    public sealed record Request(int Id, DateOnly SentOn, DateOnly DueOn, int TermDays, string Explanation, DateTime? SupplementReceivedAtUtc,
        DateOnly? ExpiredOn, DateOnly? SetAsideDueOn, DateOnly? SupplementReceivedOn)
    {
        public bool CameLate => SupplementReceivedOn is { } received && received > DueOn;
    }
    public sealed record CaseState(int? AssignedToId, string? AssignedTo, DateOnly? DecisionDueOn, DateTime? RankingMomentUtc,
        int? ExtensionWeeks, DateTime? ExtendedAtUtc, string? ExtensionReason);

    public sealed record Page(ApplicationRow Application, Round Round, IReadOnlyList<PlanVersion> Plans, IReadOnlyList<Audit.AuditHistory.Line> History,
        IReadOnlyList<LedgerLine> Ledger, Position? Position, CeilingMeter.Totals Ranking, IReadOnlyList<JudgeCompleteness.ChecklistItem> Checklist,
        IReadOnlyList<Request> Requests, IReadOnlyList<Assignment.Reviewer> Reviewers, CaseState State, DateOnly Today, JudgeCompleteness.Form Form,
        Decisions.DecisionPanel.Panel Decision)
    {
        public bool CanJudge => Application.StateValue is ApplicationState.Ingediend or ApplicationState.InBehandeling;

        /// <summary>Awb 4:14: once, while the term runs (not suspended, not passed) and no decision has been taken.</summary>
        public bool CanExtend => State.ExtensionWeeks is null && State.DecisionDueOn is { } due && Today <= due
            && ExtendDecisionTerm.IsOpen(Application.StateValue);

        public ExtendDecisionTerm.Form Extension { get; init; } = new(null, null);

        /// <summary>The latest aanvulverzoek when its supplement came after the term and waits for the reviewer's choice.</summary>
        public Request? LateSupplement => Requests.LastOrDefault() is { } r
            && Applications.LateSupplement.AwaitsChoice(Application.StateValue, r.DueOn, r.SupplementReceivedOn) ? r : null;

        public AcceptLateSupplement.Form AcceptLate { get; init; } = new(null);

        /// <summary>The bezwaren against this application's decisions (Features/Objections).</summary>
        public IReadOnlyList<GrantAdmin.Web.Features.Objections.ObjectionQueries.Line> Objections { get; init; } = [];

        public bool HasSentDecision => Decision.Approved is { SentOn: not null };
    }

    internal const string LedgerSql = """
        SELECT id AS Sequence, event, moment_utc AS MomentUtc, amount_cents AS AmountCents, hash
        FROM ranking_ledger WHERE application_id = @applicationId ORDER BY id
        """;

    internal const string RequestsSql = """
        SELECT id, sent_on AS SentOn, due_on AS DueOn, term_days AS TermDays, explanation, supplement_received_at_utc AS SupplementReceivedAtUtc,
               expired_on AS ExpiredOn, set_aside_due_on AS SetAsideDueOn, supplement_received_on AS SupplementReceivedOn
        FROM completion_requests WHERE application_id = @applicationId ORDER BY id
        """;

    internal const string StateSql = """
        SELECT a.assigned_to_user_id AS AssignedToId, u.display_name AS AssignedTo, a.decision_due_on AS DecisionDueOn, a.ranking_moment_utc AS RankingMomentUtc,
               a.decision_extension_weeks AS ExtensionWeeks, a.decision_extended_at_utc AS ExtendedAtUtc, a.decision_extension_reason AS ExtensionReason
        FROM applications a LEFT JOIN users u ON u.id = a.assigned_to_user_id WHERE a.id = @applicationId
        """;

    public sealed class Handler(Db db, CeilingMeter meter, TimeProvider clock)
    {
        // One read transaction: one pooled connection for the page's queries instead of one each, and one snapshot, so the
        // state, ledger, position and decisions shown are all of the same moment.
        public Task<Page?> LoadAsync(Account.CurrentUser reviewer, int applicationId, JudgeCompleteness.Form? form, CancellationToken ct,
            Decisions.PrepareDecision.Form? decisionForm = null) => db.ReadAsync<Page?>(async tx =>
        {
            if (await ApplicationQueries.FindAsync(tx, applicationId, reviewer, ct) is not { Kenmerk: not null } application) return null;
            var round = await ApplicationQueries.RoundAsync(tx, application.RoundId, ct);
            var ranking = (await meter.ForAsync(tx, round, ct)).Ranking;
            var checklist = await JudgeCompleteness.Handler.ChecklistAsync(tx, applicationId, ct);
            return new Page(application, round, await ApplicationQueries.PlanVersionsAsync(tx, application, reviewer, ct),
                await Audit.AuditHistory.ForApplicationAsync(tx, applicationId, ct),
                await tx.QueryAsync<LedgerLine>(LedgerSql, new { applicationId }, ct), await CeilingMeter.PositionAsync(tx, applicationId, ct), ranking, checklist,
                await tx.QueryAsync<Request>(RequestsSql, new { applicationId }, ct), await Assignment.Handler.ReviewersAsync(tx, ct),
                (await tx.QuerySingleOrDefaultAsync<CaseState>(StateSql, new { applicationId }, ct))!, Amsterdam.Today(clock),
                form ?? new JudgeCompleteness.Form(checklist.Select(c => new JudgeCompleteness.Item { Code = c.Code, Complete = false }).ToList(), null, round.CompletionTermDays.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                await Decisions.DecisionPanel.LoadAsync(tx, applicationId, application.StateValue, decisionForm, ct))
            {
                Objections = await GrantAdmin.Web.Features.Objections.ObjectionQueries.ForApplicationAsync(tx, applicationId, ct),
            };
        }, ct);
    }
}
