using System.Data.Common;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>One application as stored, with its round, gemeente and current plan.</summary>
public sealed record ApplicationRow(int Id, int RoundId, int MunicipalityId, string MunicipalityName, string MunicipalityCode,
    string State, string? Kenmerk, int? KenmerkNumber, string? ContactName, string? ContactEmail, string? ContactPhone, bool ActivityProjectLeader,
    bool ActivityResearch, DateOnly? ProjectStart, DateOnly? ProjectEnd, long? RequestedCents, long? BudgetProjectLeaderCents,
    long? BudgetResearchCents, string? Iban, string? AccountHolder, bool StatementTruthful, bool StatementPurpose,
    bool StatementNoDoubleFunding, bool StatementAccountability, int? CurrentPlanId, string? PlanFileName, string? PlanSha256,
    long? PlanSizeBytes, DateTime? ReceivedAtUtc, string? SubmittedByName, DateTime? WithdrawnAtUtc, string? WithdrawalReason)
{
    public ApplicationState StateValue => Enum.Parse<ApplicationState>(State);

    public Draft Draft => new(ContactName, ContactEmail, ContactPhone, ActivityProjectLeader, ActivityResearch, ProjectStart, ProjectEnd,
        RequestedCents, BudgetProjectLeaderCents, BudgetResearchCents, Iban, AccountHolder, StatementTruthful, StatementPurpose,
        StatementNoDoubleFunding, StatementAccountability);

    internal const string Select = $"""
        SELECT a.id, a.round_id AS RoundId, a.municipality_id AS MunicipalityId, m.name AS MunicipalityName, m.cbs_code AS MunicipalityCode,
               a.state, a.kenmerk, a.kenmerk_number AS KenmerkNumber, a.contact_name AS ContactName, a.contact_email AS ContactEmail, a.contact_phone AS ContactPhone,
               a.activity_project_leader AS ActivityProjectLeader, a.activity_research AS ActivityResearch,
               a.project_start AS ProjectStart, a.project_end AS ProjectEnd, a.requested_cents AS RequestedCents,
               a.budget_project_leader_cents AS BudgetProjectLeaderCents, a.budget_research_cents AS BudgetResearchCents,
               a.iban, a.account_holder AS AccountHolder, a.statement_truthful AS StatementTruthful, a.statement_purpose AS StatementPurpose,
               a.statement_no_double_funding AS StatementNoDoubleFunding, a.statement_accountability AS StatementAccountability,
               a.current_plan_id AS CurrentPlanId, p.file_name AS PlanFileName, p.sha256 AS PlanSha256, p.size_bytes AS PlanSizeBytes,
               a.received_at_utc AS ReceivedAtUtc, s.display_name AS SubmittedByName, a.withdrawn_at_utc AS WithdrawnAtUtc,
               a.withdrawal_reason AS WithdrawalReason
        FROM applications a
        JOIN municipalities m ON m.id = a.municipality_id
        LEFT JOIN plan_files p ON p.id = a.current_plan_id
        LEFT JOIN users s ON s.id = a.submitted_by_user_id
        """;
}

public sealed record PlanVersion(int Id, string FileName, string Format, long SizeBytes, string Sha256, DateTime UploadedAtUtc, string UploadedBy);

public sealed record PlanContent(string FileName, string Format, byte[] Content);

/// <summary>
/// Reads for the application pages. Every read is scoped: a gemeente's users see only their gemeente's
/// applications (anything else is "not found"); the grants office sees every application once it has been
/// received (it has a kenmerk), never a draft or an upload not yet part of one: those are the gemeente's own.
/// </summary>
public sealed class ApplicationQueries(Db db)
{
    internal const string FindSql = ApplicationRow.Select + """

        WHERE a.id = @id AND (a.municipality_id = @municipalityId OR (@municipalityId IS NULL AND a.kenmerk IS NOT NULL))
        """;

    internal const string RoundSql = $"SELECT {Round.Columns} FROM rounds r WHERE r.id = @id";

    internal const string PlanVersionsSql = """
        SELECT p.id, p.file_name AS FileName, p.format, p.size_bytes AS SizeBytes, p.sha256, p.uploaded_at_utc AS UploadedAtUtc,
               u.display_name AS UploadedBy
        FROM plan_files p JOIN users u ON u.id = p.uploaded_by_user_id
        WHERE p.application_id = @applicationId AND (p.received_at_utc IS NOT NULL OR @gemeente IS NOT NULL)
        ORDER BY p.id DESC
        """;

    // For the office (@gemeente null): a plan that was received with the application. For the gemeente's own users: any
    // version of the application, or their staged upload not yet part of any application.
    internal const string PlanContentSql = """
        SELECT p.file_name AS FileName, p.format, p.content
        FROM plan_files p
        WHERE p.id = @planId AND ((p.application_id = @applicationId AND (p.received_at_utc IS NOT NULL OR @gemeente IS NOT NULL))
                                  OR (p.application_id IS NULL AND p.municipality_id = @gemeente))
        """;

    internal const string StagedPlanSql = """
        SELECT p.id, p.file_name AS FileName, p.format, p.size_bytes AS SizeBytes, p.sha256, p.uploaded_at_utc AS UploadedAtUtc,
               u.display_name AS UploadedBy
        FROM plan_files p JOIN users u ON u.id = p.uploaded_by_user_id
        WHERE p.id = @planId AND p.municipality_id = @municipalityId AND (p.application_id IS NULL OR p.application_id = @applicationId)
        """;

    /// <summary>Null when it does not exist or this user may not see it: both answer 404.</summary>
    public Task<ApplicationRow?> FindAsync(int id, CurrentUser user, CancellationToken ct) => db.ReadAsync(tx => FindAsync(tx, id, user, ct), ct);

    /// <inheritdoc cref="FindAsync(int, CurrentUser, CancellationToken)"/>
    public static Task<ApplicationRow?> FindAsync(DbTransaction tx, int id, CurrentUser user, CancellationToken ct)
    {
        if (!user.IsApplicant && user.Role is not (Roles.Behandelaar or Roles.Accordeerder))
            return Task.FromResult<ApplicationRow?>(null);
        return tx.QuerySingleOrDefaultAsync<ApplicationRow>(FindSql, new { id, municipalityId = user.IsApplicant ? user.MunicipalityId : null }, ct);
    }

    public Task<Round> RoundAsync(int roundId, CancellationToken ct) => db.ReadAsync(tx => RoundAsync(tx, roundId, ct), ct);

    public static async Task<Round> RoundAsync(DbTransaction tx, int roundId, CancellationToken ct) =>
        (await tx.QuerySingleOrDefaultAsync<Round>(RoundSql, new { id = roundId }, ct))!;

    /// <summary>The plan versions this user may see: the office only those received (not those a draft replaced).</summary>
    public Task<IReadOnlyList<PlanVersion>> PlanVersionsAsync(ApplicationRow application, CurrentUser user, CancellationToken ct) =>
        db.ReadAsync(tx => PlanVersionsAsync(tx, application, user, ct), ct);

    /// <inheritdoc cref="PlanVersionsAsync(ApplicationRow, CurrentUser, CancellationToken)"/>
    public static Task<IReadOnlyList<PlanVersion>> PlanVersionsAsync(DbTransaction tx, ApplicationRow application, CurrentUser user, CancellationToken ct) =>
        tx.QueryAsync<PlanVersion>(PlanVersionsSql, new { applicationId = application.Id, gemeente = GemeenteOf(application, user) }, ct);

    public Task<PlanContent?> PlanContentAsync(ApplicationRow application, int planId, CurrentUser user, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<PlanContent>(PlanContentSql, new { planId, applicationId = application.Id, gemeente = GemeenteOf(application, user) }, ct);

    // The gemeente whose own users see its drafts and uploads; null for the office.
    private static int? GemeenteOf(ApplicationRow application, CurrentUser user) => user.IsApplicant ? application.MunicipalityId : null;

    public Task<PlanVersion?> StagedPlanAsync(int planId, ApplicationRow application, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<PlanVersion>(StagedPlanSql, new { planId, municipalityId = application.MunicipalityId, applicationId = application.Id }, ct);
}
