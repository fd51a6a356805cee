using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using System.Globalization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Settlement;

/// <summary>
/// The office records the spending a gemeente reported in SiSa for one year (one entry per year; a new entry for a
/// year corrects the old one) until the vaststelling is approved, and not while one waits for review. Audited.
/// </summary>
public static class RecordSpending
{
    public sealed record Form([MaxText(TextSize.Value)] string? Year, [MaxText(TextSize.Value)] string? Amount);

    public sealed record Recorded(int Year, long AmountCents, bool Corrected);

    internal const string CurrentSql = "SELECT amount_cents FROM spending_reports WHERE application_id = @applicationId AND report_year = @year";

    internal const string InsertSql = """
        INSERT INTO spending_reports (application_id, report_year, amount_cents, recorded_at_utc, recorded_by_user_id)
        VALUES (@applicationId, @year, @amountCents, @now, @userId)
        """;

    internal const string UpdateSql = """
        UPDATE spending_reports SET amount_cents = @amountCents, recorded_at_utc = @now, recorded_by_user_id = @userId
        WHERE application_id = @applicationId AND report_year = @year
        """;

    public const string PendingRefusal = "Er ligt een vaststelling ter accordering. Laat die eerst terugsturen; daarna kunt u de besteding corrigeren.";

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public Task<Outcome<Recorded>> HandleAsync(CurrentUser reviewer, int applicationId, Form form, CancellationToken ct) =>
            db.TryCaseWriteAsync<Recorded>(applicationId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await SettlementCase.LoadAsync(w.Tx, applicationId, ct) is not { } c)
                    return Outcome<Recorded>.Fail(FormLevel.Status, "Deze aanvraag bestaat niet.");
                var (year, cents, errors) = SettlementRules.CheckSpending(form.Year, form.Amount, c.ActivitiesFrom, c.ActivitiesUntil);
                if (!errors.None) return Outcome<Recorded>.Fail(errors);
                if (!await SettlementCase.LockAsync(w.Tx, applicationId, now, ct)) return Outcome<Recorded>.Fail(FormLevel.Status, SettlementCase.NotGranted);
                if (await SettlementCase.HasPendingAsync(w.Tx, applicationId, ct)) return Outcome<Recorded>.Fail(FormLevel.Status, PendingRefusal);

                var old = await w.Tx.QuerySingleOrDefaultAsync<long?>(CurrentSql, new { applicationId, year }, ct);
                await w.Tx.ExecuteAsync(old is null ? InsertSql : UpdateSql, new { applicationId, year, amountCents = cents, now, userId = reviewer.Id }, ct);
                var yearText = year.ToString(CultureInfo.InvariantCulture);
                await w.AuditAsync(now, new AuditLog.Entry(old is null ? "BestedingVastgelegd" : "BestedingGecorrigeerd", reviewer.Id, ApplicationId: applicationId, MunicipalityId: c.MunicipalityId, Details: $"{c.Kenmerk} {yearText}: {cents}" + (old is { } was ? $" (was {was})" : "")), ct);
                return Outcome<Recorded>.Ok(new Recorded(year, cents, old is not null));
            }, ct);
    }
}
