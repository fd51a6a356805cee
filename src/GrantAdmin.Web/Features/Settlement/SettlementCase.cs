using System.Data.Common;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Settlement;

/// <summary>The facts of a granted application that every settlement step works from, read in the step's own transaction.</summary>
public static class SettlementCase
{
    /// <summary>Paid = the payment instruction(s) of the verlening; granted on = the day the verlening was sent.</summary>
    public sealed record Facts(int ApplicationId, string State, string Kenmerk, int MunicipalityId, string MunicipalityName, string? ContactEmail,
        long GrantedCents, long PaidCents, DateOnly ActivitiesFrom, DateOnly ActivitiesUntil, string RuleVersion, DateOnly? GrantedOn)
    {
        public ApplicationState StateValue => Enum.Parse<ApplicationState>(State);

        public IReadOnlyList<int> ReportingYears => GrantedOn is { } on ? SettlementRules.ReportingYears(on, ActivitiesFrom, ActivitiesUntil) : [];

        public SettlementRules.Amounts Compute(IEnumerable<Spending> spending) =>
            SettlementRules.Compute(GrantedCents, PaidCents, spending.Select(s => s.AmountCents));
    }

    public sealed record Spending(int ReportYear, long AmountCents, DateTime RecordedAtUtc, string RecordedBy);

    internal const string FactsSql = """
        SELECT a.id AS ApplicationId, a.state, a.kenmerk, a.municipality_id AS MunicipalityId, m.name AS MunicipalityName, a.contact_email AS ContactEmail,
               COALESCE(a.granted_cents, 0) AS GrantedCents,
               (SELECT COALESCE(SUM(p.amount_cents), 0) FROM payment_instructions p WHERE p.application_id = a.id) AS PaidCents,
               r.activities_from AS ActivitiesFrom, r.activities_until AS ActivitiesUntil, r.rule_version AS RuleVersion,
               (SELECT MAX(d.sent_on) FROM decisions d WHERE d.application_id = a.id AND d.kind = 'Verlening' AND d.status = 'Goedgekeurd') AS GrantedOn
        FROM applications a JOIN rounds r ON r.id = a.round_id JOIN municipalities m ON m.id = a.municipality_id
        WHERE a.id = @applicationId AND a.kenmerk IS NOT NULL
        """;

    internal const string SpendingSql = """
        SELECT s.report_year AS ReportYear, s.amount_cents AS AmountCents, s.recorded_at_utc AS RecordedAtUtc, u.display_name AS RecordedBy
        FROM spending_reports s JOIN users u ON u.id = s.recorded_by_user_id
        WHERE s.application_id = @applicationId ORDER BY s.report_year
        """;

    /// <summary>
    /// Taken first by every settlement write: the application row's write lock, held to the commit, so recording spending,
    /// preparing and approving a vaststelling of one application run one at a time on SQL Server too (SQLite: BEGIN IMMEDIATE).
    /// Touches only a granted application that is not yet settled.
    /// </summary>
    internal const string LockSql = "UPDATE applications SET updated_at_utc = @now WHERE id = @applicationId AND state = 'Verleend'";

    internal const string PendingSql = "SELECT COUNT(*) FROM settlements WHERE application_id = @applicationId AND status = 'TerAccordering'";

    public const string NotGranted = "Alleen voor een verleende aanvraag die nog niet is vastgesteld, kan de besteding worden vastgelegd of de uitkering worden vastgesteld.";

    public static Task<Facts?> LoadAsync(DbTransaction tx, int applicationId, CancellationToken ct) =>
        tx.QuerySingleOrDefaultAsync<Facts>(FactsSql, new { applicationId }, ct);

    public static Task<IReadOnlyList<Spending>> SpendingAsync(DbTransaction tx, int applicationId, CancellationToken ct) =>
        tx.QueryAsync<Spending>(SpendingSql, new { applicationId }, ct);

    /// <summary>True when the application is granted and not settled; it is then locked for this transaction.</summary>
    public static async Task<bool> LockAsync(DbTransaction tx, int applicationId, DateTime now, CancellationToken ct) =>
        await tx.ExecuteAsync(LockSql, new { applicationId, now }, ct) == 1;

    public static async Task<bool> HasPendingAsync(DbTransaction tx, int applicationId, CancellationToken ct) =>
        await tx.QuerySingleAsync<int>(PendingSql, new { applicationId }, ct) > 0;
}
