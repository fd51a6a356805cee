using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Settlement;

/// <summary>
/// A reviewer prepares the vaststelling once the spending of every reporting year is recorded: final = min(reported,
/// granted), payback = paid − final (or the rest still to pay). It then waits for an Accordeerder who did not prepare it.
/// The application stays Verleend until the approval moves it to Vastgesteld.
/// </summary>
public static class PrepareSettlement
{
    public sealed record Form([MaxText(TextSize.Explanation)] string? Explanation);

    public const string SpendingKey = FormLevel.Prefix + "spending";

    internal const string InsertSql = """
        INSERT INTO settlements (application_id, granted_cents, reported_cents, final_cents, paid_cents, payback_cents, additional_cents, explanation,
                                 rule_version, status, prepared_by_user_id, prepared_at_utc)
        VALUES (@applicationId, @grantedCents, @reportedCents, @finalCents, @paidCents, @paybackCents, @additionalCents, @explanation,
                @ruleVersion, 'TerAccordering', @userId, @now)
        """;

    /// <summary>The business rule on plain facts: every reporting year has its spending recorded.</summary>
    public static Errors Check(IReadOnlyList<int> reportingYears, IEnumerable<int> recordedYears)
    {
        var missing = SettlementRules.MissingYears(reportingYears, recordedYears);
        return new Errors().Add(SpendingKey,
            $"Leg eerst de besteding over {SettlementRules.Years(missing)} vast: de vaststelling rekent met de verantwoording van alle jaren.",
            missing.Count > 0);
    }

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public Task<Outcome<int>> HandleAsync(CurrentUser reviewer, int applicationId, Form form, CancellationToken ct) =>
            db.TryCaseWriteAsync<int>(applicationId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await SettlementCase.LoadAsync(w.Tx, applicationId, ct) is not { } c)
                    return Outcome<int>.Fail(FormLevel.Status, "Deze aanvraag bestaat niet.");
                if (!await SettlementCase.LockAsync(w.Tx, applicationId, now, ct)) return Outcome<int>.Fail(FormLevel.Status, SettlementCase.NotGranted);
                if (await SettlementCase.HasPendingAsync(w.Tx, applicationId, ct))
                    return Outcome<int>.Fail(FormLevel.Status, "Er ligt al een vaststelling ter accordering.");
                var spending = await SettlementCase.SpendingAsync(w.Tx, applicationId, ct);
                var errors = Check(c.ReportingYears, spending.Select(s => s.ReportYear));
                if (!errors.None) return Outcome<int>.Fail(errors);

                var amounts = c.Compute(spending);
                var id = await w.InsertAsync(InsertSql, new
                {
                    applicationId, grantedCents = c.GrantedCents, reportedCents = amounts.ReportedCents, finalCents = amounts.FinalCents,
                    paidCents = c.PaidCents, paybackCents = amounts.PaybackCents, additionalCents = amounts.AdditionalCents,
                    explanation = string.IsNullOrWhiteSpace(form.Explanation) ? null : form.Explanation.Trim(),
                    ruleVersion = c.RuleVersion, userId = reviewer.Id, now,
                }, ct);
                await w.AuditAsync(now, new AuditLog.Entry("VaststellingVoorbereid", reviewer.Id, ApplicationId: applicationId, MunicipalityId: c.MunicipalityId, Details: $"{c.Kenmerk} vast {amounts.FinalCents}, terug {amounts.PaybackCents}, na {amounts.AdditionalCents}"), ct);
                return Outcome<int>.Ok(id);
            }, ct);
    }
}
