using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Objections;

/// <summary>The outcome of a bezwaar (gegrond, ongegrond, niet-ontvankelijk, ingetrokken) closes it.</summary>
public static class DecideObjection
{
    public sealed record Form([MaxText(TextSize.Value)] string? Outcome, [MaxText(TextSize.Explanation)] string? OutcomeReason);

    internal const string DecideSql = """
        UPDATE objections SET outcome = @outcome, outcome_reason = @reason, decided_on = @today, decided_by_user_id = @userId
        WHERE id = @objectionId AND outcome IS NULL
        """;

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Outcome<ObjectionOutcome>> HandleAsync(CurrentUser reviewer, int objectionId, Form form, CancellationToken ct)
        {
            var outcome = Codes.Parse<ObjectionOutcome>(form.Outcome);
            var errors = new Errors()
                .Add(nameof(Form.Outcome), "Kies de uitkomst: gegrond, ongegrond, niet-ontvankelijk of ingetrokken.", outcome is null)
                .Add(nameof(Form.OutcomeReason), "Licht de uitkomst kort toe.", string.IsNullOrWhiteSpace(form.OutcomeReason));
            if (!errors.None) return Outcome<ObjectionOutcome>.Fail(errors);

            return await ObjectionQueries.WriteAsync<ObjectionOutcome>(db, objectionId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var today = Amsterdam.Today(clock);
                var (o, refusal) = await ObjectionQueries.OpenAsync(w.Tx, objectionId, ct);
                if (o is null) return Outcome<ObjectionOutcome>.Fail(FormLevel.Status, refusal!);
                if (outcome is ObjectionOutcome.Gegrond or ObjectionOutcome.Ongegrond && !ObjectionRules.MayJudgeOnMerits(o.IsLate, o.Excusable))
                    return Outcome<ObjectionOutcome>.Fail(nameof(Form.Outcome),
                        "Dit bezwaar is te laat ingediend en de overschrijding is niet verschoonbaar verklaard: het is niet-ontvankelijk (artikel 6:11 Awb). "
                        + "Beoordeel eerst de verschoonbaarheid als u het inhoudelijk wilt behandelen.");
                var reason = form.OutcomeReason!.Trim();
                if (await w.Tx.ExecuteAsync(DecideSql, new { outcome = outcome!.Value.ToString(), reason, today, userId = reviewer.Id, objectionId }, ct) != 1)
                    return Outcome<ObjectionOutcome>.Fail(FormLevel.Status, ObjectionQueries.Closed);
                var label = ObjectionRules.Label(outcome.Value);
                var details = $"Bezwaar {o.Id}: {label}. {reason}";
                await w.AuditAsync(now, new AuditLog.Entry("BezwaarBeslist", reviewer.Id, o.ApplicationId, o.MunicipalityId,
                    Details: $"{o.Kenmerk}: {details}", Before: "open", After: label), ct);
                return Outcome<ObjectionOutcome>.Ok(outcome.Value);
            }, ct);
        }
    }
}
