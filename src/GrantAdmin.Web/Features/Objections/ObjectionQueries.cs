using System.Data.Common;
using GrantAdmin.Web.Features.Deadlines;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Objections;

/// <summary>The bezwaren as the office sees them: on the case page, in the list and on their own page.</summary>
public static class ObjectionQueries
{
    public sealed record Line(int Id, int ApplicationId, string Kenmerk, string MunicipalityName, int DecisionId, string DecisionKind,
        DateOnly DecisionSentOn, DateOnly ReceivedOn, DateOnly? PostedOn, string FiledBy, string Summary, DateOnly ObjectionDueOn, bool IsLate,
        bool? Excusable, string? ExcusableReason, DateOnly HandlingDueOn, string? ExtensionReason, DateTime? ExtendedAtUtc, string? Outcome,
        string? OutcomeReason, DateOnly? DecidedOn, string RegisteredBy, DateTime RegisteredAtUtc)
    {
        public bool IsOpen => Outcome is null;
        public bool IsExtended => ExtendedAtUtc is not null;
        public ObjectionOutcome? OutcomeValue => Outcome is null ? null : Enum.Parse<ObjectionOutcome>(Outcome);

        /// <summary>"op tijd", "te laat" or "te laat, verschoonbaar" (Awb 6:11).</summary>
        public string Timeliness => !IsLate ? "op tijd" : Excusable switch
        {
            true => "te laat, verschoonbaar (artikel 6:11 Awb)",
            false => "te laat, niet verschoonbaar",
            null => "te laat",
        };

        public int DaysLeft(DateOnly today) => Terms.DaysLeft(today, HandlingDueOn);
        public bool IsOverdue(DateOnly today) => IsOpen && DaysLeft(today) < 0;
    }

    private const string Columns = """
        SELECT o.id, o.application_id AS ApplicationId, a.kenmerk, m.name AS MunicipalityName, o.decision_id AS DecisionId, d.kind AS DecisionKind,
               d.sent_on AS DecisionSentOn, o.received_on AS ReceivedOn, o.posted_on AS PostedOn, o.filed_by AS FiledBy, o.summary,
               o.objection_due_on AS ObjectionDueOn, o.is_late AS IsLate, o.excusable, o.excusable_reason AS ExcusableReason,
               o.handling_due_on AS HandlingDueOn, o.extension_reason AS ExtensionReason, o.extended_at_utc AS ExtendedAtUtc, o.outcome,
               o.outcome_reason AS OutcomeReason, o.decided_on AS DecidedOn, u.display_name AS RegisteredBy, o.registered_at_utc AS RegisteredAtUtc
        FROM objections o JOIN applications a ON a.id = o.application_id JOIN municipalities m ON m.id = a.municipality_id
             JOIN decisions d ON d.id = o.decision_id JOIN users u ON u.id = o.registered_by_user_id
        """;

    internal const string ByApplicationSql = Columns + "\nWHERE o.application_id = @applicationId ORDER BY o.id";

    internal const string ByIdSql = Columns + "\nWHERE o.id = @objectionId";

    /// <summary>Open ones first, the nearest handling term first; then the closed ones, latest first.</summary>
    internal const string AllSql = Columns + """

        WHERE (@includeClosed = 1 OR o.outcome IS NULL)
        ORDER BY CASE WHEN o.outcome IS NULL THEN 0 ELSE 1 END, o.handling_due_on, o.id
        """;

    public static Task<IReadOnlyList<Line>> ForApplicationAsync(Db db, int applicationId, CancellationToken ct) =>
        db.ReadAsync(tx => ForApplicationAsync(tx, applicationId, ct), ct);

    public static Task<IReadOnlyList<Line>> ForApplicationAsync(DbTransaction tx, int applicationId, CancellationToken ct) =>
        tx.QueryAsync<Line>(ByApplicationSql, new { applicationId }, ct);

    public static Task<Line?> FindAsync(Db db, int objectionId, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<Line>(ByIdSql, new { objectionId }, ct);

    /// <summary>What a change to a bezwaar checks, read in its own write transaction.</summary>
    public sealed record State(int Id, int ApplicationId, int MunicipalityId, string Kenmerk, bool IsLate, bool? Excusable, DateOnly ObjectionDueOn,
        DateOnly HandlingDueOn, DateTime? ExtendedAtUtc, string? Outcome);

    internal const string StateSql = """
        SELECT o.id, o.application_id AS ApplicationId, a.municipality_id AS MunicipalityId, a.kenmerk, o.is_late AS IsLate, o.excusable,
               o.objection_due_on AS ObjectionDueOn, o.handling_due_on AS HandlingDueOn, o.extended_at_utc AS ExtendedAtUtc, o.outcome
        FROM objections o JOIN applications a ON a.id = o.application_id WHERE o.id = @objectionId
        """;

    internal const string ApplicationOfSql = "SELECT application_id FROM objections WHERE id = @objectionId";

    /// <summary>A change to a bezwaar is a change to its application's case: it runs with that round's lock.</summary>
    public static async Task<Outcome<T>> WriteAsync<T>(Db db, int objectionId, Func<Infrastructure.Writes.CaseWrite, Task<Outcome<T>>> work, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<int?>(ApplicationOfSql, new { objectionId }, ct) is { } applicationId
            ? await db.TryCaseWriteAsync(applicationId, work, ct)
            : Outcome<T>.Fail(Shared.FormLevel.Status, Missing);

    /// <summary>The bezwaar while it is open, or why a change to it is refused: it does not exist, or it has been decided.</summary>
    public static async Task<(State? Open, string? Refusal)> OpenAsync(System.Data.Common.DbTransaction tx, int objectionId, CancellationToken ct) =>
        await tx.QuerySingleOrDefaultAsync<State>(StateSql, new { objectionId }, ct) switch
        {
            null => (null, Missing),
            { Outcome: not null } => (null, Closed),
            var open => (open, null),
        };

    public const string Missing = "Dit bezwaar bestaat niet.";
    public const string Closed = "Op dit bezwaar is al beslist; het is gesloten.";

    public sealed record ListPage(IReadOnlyList<Line> Objections, bool IncludeClosed, DateOnly Today);

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<ListPage> ListAsync(bool includeClosed, CancellationToken ct) =>
            new(await db.QueryAsync<Line>(AllSql, new { includeClosed = includeClosed ? 1 : 0 }, ct), includeClosed, Amsterdam.Today(clock));
    }
}
