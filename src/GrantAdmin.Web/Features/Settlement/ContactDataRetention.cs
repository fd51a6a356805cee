using System.ComponentModel.DataAnnotations;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Writes;

namespace GrantAdmin.Web.Features.Settlement;

/// <summary>Settings "Retention": how long a contact person's details are kept once the case is settled (AVG art. 5(1)(e)).</summary>
public sealed class RetentionSettings
{
    /// <summary>Months after the vaststelling was sent; default 12, past the bezwaar term and the usual payback term.</summary>
    [Range(1, 240)] public int ContactDataMonths { get; set; } = 12;

    [Cron] public string Cron { get; set; } = "45 3 * * *";
}

/// <summary>When a settled case's contact details are due for removal: a plain rule, no clock and no database.</summary>
public static class ContactDataRetentionRules
{
    /// <summary>The last day the details are kept: the vaststelling's send date plus the retention period.</summary>
    public static DateOnly KeptUntil(DateOnly settledOn, int months) => settledOn.AddMonths(months);

    /// <summary>Removed from the day after <see cref="KeptUntil"/>.</summary>
    public static bool IsDue(DateOnly settledOn, int months, DateOnly today) => KeptUntil(settledOn, months) < today;
}

/// <summary>
/// Removes the contact person (name, e-mail, telephone) of applications whose vaststelling was sent longer ago than the
/// retention period. The case keeps everything the decisions rest on; the letters stay unchanged (they are the legal
/// record). Each removal goes through the case write seam and is audited without the removed values. Derived from our
/// rows only, so a run after downtime catches up.
/// </summary>
public sealed class ContactDataRetentionJob(Db db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<RetentionSettings> settings)
{
    internal const string DueSql = """
        SELECT a.id AS ApplicationId, s.sent_on AS SettledOn
        FROM applications a JOIN settlements s ON s.application_id = a.id AND s.status = 'Goedgekeurd'
        WHERE a.state = 'Vastgesteld' AND s.sent_on < @today
          AND (a.contact_name IS NOT NULL OR a.contact_email IS NOT NULL OR a.contact_phone IS NOT NULL)
        """;

    internal const string RemoveSql = """
        UPDATE applications SET contact_name = NULL, contact_email = NULL, contact_phone = NULL, updated_at_utc = @now
        WHERE id = @applicationId AND state = 'Vastgesteld'
          AND (contact_name IS NOT NULL OR contact_email IS NOT NULL OR contact_phone IS NOT NULL)
        """;

    private sealed record Due(int ApplicationId, DateOnly SettledOn);

    public async Task<int> ExecuteAsync(CancellationToken ct)
    {
        var months = settings.Value.ContactDataMonths;
        var today = Amsterdam.Today(clock);
        var removed = 0;
        // The few settled cases still holding details are read; the rule (month ends included) decides in C#.
        foreach (var due in (await db.QueryAsync<Due>(DueSql, new { today }, ct)).Where(d => ContactDataRetentionRules.IsDue(d.SettledOn, months, today)))
        {
            var outcome = await db.TryCaseWriteAsync<int>(due.ApplicationId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await w.Tx.ExecuteAsync(RemoveSql, new { applicationId = due.ApplicationId, now }, ct) == 0)
                    return Outcome<int>.Ok(0); // another run (another worker) was first
                await w.AuditAsync(now, new AuditLog.Entry("ContactgegevensVerwijderd", (int?)null, ApplicationId: due.ApplicationId,
                    Details: $"bewaartermijn {months} maanden na vaststelling van {due.SettledOn:yyyy-MM-dd}"), ct);
                return Outcome<int>.Ok(1);
            }, ct);
            removed += outcome.Value;
        }
        return removed;
    }
}
