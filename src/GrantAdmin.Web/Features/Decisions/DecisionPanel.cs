using System.Data.Common;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Decisions;

/// <summary>The decision part of the case page (and the gemeente's page): what may be done now, and the decisions so far.</summary>
public static class DecisionPanel
{
    public sealed record Line(int Id, string Kind, long AmountCents, string? Ground, string? Explanation, string Status, int PreparedById, string PreparedBy,
        DateTime PreparedAtUtc, string? ReviewedBy, DateTime? ReviewedAtUtc, string? Remark, DateOnly? SentOn, DateOnly? ObjectionDueOn)
    {
        public DecisionKind KindValue => Enum.Parse<DecisionKind>(Kind);
        public bool IsApproved => Status == "Goedgekeurd";
        /// <summary>Approved and its letter sent (the dispatch sets the sending date with the letter and its mail).</summary>
        public bool IsSent => IsApproved && SentOn is not null;
    }

    public sealed record Panel(IReadOnlyList<Line> Decisions, bool CanPrepare, Line? Pending, Line? Returned, PrepareDecision.Form Form)
    {
        public Line? Approved => Decisions.FirstOrDefault(d => d.IsApproved);

        /// <summary>Only an Accordeerder who did not prepare it sees the approve and return buttons.</summary>
        public bool MayReview(CurrentUser me) => Pending is { } p && FourEyes.MayReview(p.PreparedById, me);
    }

    internal const string DecisionsSql = """
        SELECT d.id, d.kind, d.amount_cents AS AmountCents, d.ground, d.explanation, d.status, d.prepared_by_user_id AS PreparedById, p.display_name AS PreparedBy,
               d.prepared_at_utc AS PreparedAtUtc, r.display_name AS ReviewedBy, d.reviewed_at_utc AS ReviewedAtUtc, d.remark, d.sent_on AS SentOn,
               d.objection_due_on AS ObjectionDueOn
        FROM decisions d JOIN users p ON p.id = d.prepared_by_user_id LEFT JOIN users r ON r.id = d.reviewed_by_user_id
        WHERE d.application_id = @applicationId ORDER BY d.id
        """;

    public static async Task<Panel> LoadAsync(DbTransaction tx, int applicationId, ApplicationState state, PrepareDecision.Form? form, CancellationToken ct)
    {
        var decisions = await tx.QueryAsync<Line>(DecisionsSql, new { applicationId }, ct);
        var pending = decisions.LastOrDefault(d => d.Status == "TerAccordering");
        var returned = state == ApplicationState.BesluitInVoorbereiding ? decisions.LastOrDefault(d => d.Status == "Teruggestuurd") : null;
        var canPrepare = state is ApplicationState.Volledig or ApplicationState.BuitenBehandeling or ApplicationState.BesluitInVoorbereiding;
        return new Panel(decisions, canPrepare, pending, returned, form ?? new PrepareDecision.Form(
            returned?.Kind ?? (state == ApplicationState.BuitenBehandeling ? nameof(DecisionKind.BuitenBehandeling) : null), returned?.Ground, returned?.Explanation));
    }

    /// <summary>The decisions taken and sent: what the gemeente sees in its portal.</summary>
    public static async Task<IReadOnlyList<Line>> SentAsync(Db db, int applicationId, CancellationToken ct) =>
        (await db.QueryAsync<Line>(DecisionsSql, new { applicationId }, ct)).Where(d => d.IsSent).ToList();

    public static string Label(DecisionKind kind) => kind switch
    {
        DecisionKind.Verlening => "Verlening",
        DecisionKind.Afwijzing => "Afwijzing",
        DecisionKind.BuitenBehandeling => "Buiten behandeling stellen",
        _ => kind.ToString(),
    };

    public static string Status(Line decision) => Status(decision.Status, decision.SentOn);

    /// <summary>A four-eyes status in words; a vaststelling uses the same words.</summary>
    public static string Status(string status, DateOnly? sentOn) => status switch
    {
        "TerAccordering" => "ter accordering",
        "Teruggestuurd" => "teruggestuurd",
        "Goedgekeurd" when sentOn is { } day => $"geaccordeerd en verzonden op {Amsterdam.FormatDate(day)}",
        "Goedgekeurd" => "geaccordeerd; de brief is nog niet verzonden",
        _ => status,
    };
}
