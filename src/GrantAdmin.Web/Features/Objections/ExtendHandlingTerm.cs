using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Objections;

/// <summary>Awb 7:10(3): the decision on a bezwaar is deferred once, by six weeks, before the term ends, with a reason.</summary>
public static class ExtendHandlingTerm
{
    public sealed record Form([MaxText(TextSize.Explanation)] string? ExtensionReason);

    internal const string ExtendSql = """
        UPDATE objections SET handling_due_on = @due, extension_reason = @reason, extended_at_utc = @now, extended_by_user_id = @userId
        WHERE id = @objectionId AND extended_at_utc IS NULL AND outcome IS NULL
        """;

    public const string AlreadyExtended = "De beslistermijn op dit bezwaar is al verdaagd; verdagen kan maar één keer (artikel 7:10, derde lid, Awb).";

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Outcome<DateOnly>> HandleAsync(CurrentUser reviewer, int objectionId, Form form, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(form.ExtensionReason))
                return Outcome<DateOnly>.Fail(nameof(Form.ExtensionReason), "Geef de reden van de verdaging; de indiener krijgt die te horen.");

            return await ObjectionQueries.WriteAsync<DateOnly>(db, objectionId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var today = Amsterdam.Today(clock);
                var (o, refusal) = await ObjectionQueries.OpenAsync(w.Tx, objectionId, ct);
                if (o is null) return Outcome<DateOnly>.Fail(FormLevel.Status, refusal!);
                if (o.ExtendedAtUtc is not null) return Outcome<DateOnly>.Fail(FormLevel.Status, AlreadyExtended);
                if (today > o.HandlingDueOn)
                    return Outcome<DateOnly>.Fail(FormLevel.Status,
                        $"De beslistermijn op dit bezwaar is verstreken op {Amsterdam.FormatDate(o.HandlingDueOn)}; verdagen kan alleen vóór het einde van de termijn.");

                var due = ObjectionRules.HandlingDeadline(o.ObjectionDueOn, extended: true, await DecisionClock.DesignatedDaysAsync(w.Tx, ct));
                var reason = form.ExtensionReason.Trim();
                if (await w.Tx.ExecuteAsync(ExtendSql, new { due, reason, now, userId = reviewer.Id, objectionId }, ct) != 1)
                    return Outcome<DateOnly>.Fail(FormLevel.Status, AlreadyExtended);
                var details = $"Bezwaar {o.Id}: beslissen uiterlijk {Amsterdam.FormatDate(due)} (was {Amsterdam.FormatDate(o.HandlingDueOn)}). {reason}";
                await w.AuditAsync(now, new AuditLog.Entry("BezwaartermijnVerdaagd", reviewer.Id, o.ApplicationId, o.MunicipalityId,
                    Details: $"{o.Kenmerk}: {details}", Before: $"{o.HandlingDueOn:yyyy-MM-dd}", After: $"{due:yyyy-MM-dd}"), ct);
                return Outcome<DateOnly>.Ok(due);
            }, ct);
        }
    }
}
