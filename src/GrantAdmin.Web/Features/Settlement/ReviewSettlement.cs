using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Deadlines;
using GrantAdmin.Web.Features.Decisions;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Mail;
using Microsoft.Extensions.Options;

namespace GrantAdmin.Web.Features.Settlement;

/// <summary>
/// The four eyes on a vaststelling (<see cref="FourEyes"/>, the same rule as for a beschikking): an Accordeerder who did
/// not prepare it approves or returns it. Approval, in one transaction: Verleend → Vastgesteld, the settlement record
/// (letter date, bezwaar and payback deadlines), the audit row and the e-mail with the letter in the outbox. The letter
/// is rendered from the approved record by <see cref="Documents"/> when first needed and then stored unchanged.
/// </summary>
public static class ReviewSettlement
{
    public sealed record ReturnForm([MaxText(TextSize.Note)] string? Remark);

    internal sealed record Pending(int Id, int PreparedBy, long FinalCents, long PaybackCents, long AdditionalCents, long ReportedCents, long PaidCents);

    internal const string PendingSql = """
        SELECT id, prepared_by_user_id AS PreparedBy, final_cents AS FinalCents, payback_cents AS PaybackCents, additional_cents AS AdditionalCents,
               reported_cents AS ReportedCents, paid_cents AS PaidCents
        FROM settlements WHERE application_id = @applicationId AND status = 'TerAccordering'
        """;

    internal const string ApproveSql = """
        UPDATE settlements SET status = 'Goedgekeurd', reviewed_by_user_id = @userId, reviewed_at_utc = @now, sent_on = @sentOn,
            objection_due_on = @objectionDueOn, payback_due_on = @paybackDueOn
        WHERE id = @settlementId AND status = 'TerAccordering'
        """;

    internal const string ReturnSql = """
        UPDATE settlements SET status = 'Teruggestuurd', reviewed_by_user_id = @userId, reviewed_at_utc = @now, remark = @remark
        WHERE id = @settlementId AND status = 'TerAccordering'
        """;

    private const string NothingPending = "Er ligt geen vaststelling ter accordering.";

    public sealed class Handler(Db db, TimeProvider clock, IOptions<SettlementSettings> settings)
    {
        public async Task<Outcome<int>> ApproveAsync(CurrentUser approver, int applicationId, CancellationToken ct)
        {
            return await db.TryCaseWriteAsync<int>(applicationId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await w.Tx.QuerySingleOrDefaultAsync<Pending>(PendingSql, new { applicationId }, ct) is not { } p)
                    return Outcome<int>.Fail(FormLevel.Status, NothingPending);
                if (FourEyes.Refusal(p.PreparedBy, approver, "accorderen") is { } refusal) return Outcome<int>.Fail(FormLevel.NotAllowed, refusal);
                var c = (await SettlementCase.LoadAsync(w.Tx, applicationId, ct))!;
                if (!await SettlementCase.LockAsync(w.Tx, applicationId, now, ct)) return Outcome<int>.Fail(FormLevel.Status, SettlementCase.NotGranted);
                // Spending cannot change while it waits; a payment could. The letter must state what the record says.
                var amounts = c.Compute(await SettlementCase.SpendingAsync(w.Tx, applicationId, ct));
                if (amounts != new SettlementRules.Amounts(p.ReportedCents, p.FinalCents, p.PaybackCents, p.AdditionalCents) || c.PaidCents != p.PaidCents)
                    return Outcome<int>.Fail(FormLevel.Status, "De besteding of de betaling is veranderd sinds de voorbereiding. Stuur de vaststelling terug om haar opnieuw voor te bereiden.");

                var sentOn = DateOnly.FromDateTime(Amsterdam.ToLocal(now));
                var designated = await Cases.DecisionClock.DesignatedDaysAsync(w.Tx, ct);
                var objectionDueOn = Terms.ObjectionDeadline(sentOn, designated);
                DateOnly? paybackDueOn = p.PaybackCents > 0 ? Terms.End(sentOn, settings.Value.PaybackWeeks * 7, designated) : null;
                if (await w.Tx.ExecuteAsync(ApproveSql, new { settlementId = p.Id, userId = approver.Id, now, sentOn, objectionDueOn, paybackDueOn }, ct) != 1)
                    return Outcome<int>.Fail(FormLevel.Status, NothingPending);
                await w.MoveAsync(applicationId, ApplicationState.Verleend, ApplicationState.Vastgesteld, now, approver.Id,
                    $"Vaststelling op {Money.Euros(p.FinalCents)} geaccordeerd", ct);
                await w.AuditAsync(now, new AuditLog.Entry("VaststellingGeaccordeerd", approver.Id, ApplicationId: applicationId, MunicipalityId: c.MunicipalityId, Details: $"{c.Kenmerk} vast {p.FinalCents}, terug {p.PaybackCents}, na {p.AdditionalCents}"), ct);
                var recipients = await Recipients.OfGemeenteAsync(w.Tx, c.MunicipalityId, c.ContactEmail, ct);
                var payback = p.PaybackCents > 0
                    ? $"\nU moet {Money.Euros(p.PaybackCents)} terugbetalen, uiterlijk op {Amsterdam.FormatDate(paybackDueOn!.Value)}."
                    : p.AdditionalCents > 0 ? $"\nWij betalen u nog {Money.Euros(p.AdditionalCents)}." : "";
                return Outcome<int>.Ok(await w.EnqueueMailAsync(new OutgoingMail(recipients, $"Vaststelling van de uitkering {c.Kenmerk}",
                    $"""
                    Geacht college van burgemeester en wethouders van de gemeente {c.MunicipalityName},

                    Wij hebben de specifieke uitkering voor aanvraag {c.Kenmerk} vastgesteld op {Money.Euros(p.FinalCents)}.{payback}
                    Het besluit staat in de bijgevoegde brief en in het portaal. Bent u het er niet mee eens, dan kunt u
                    tot en met {Amsterdam.FormatDate(objectionDueOn)} bezwaar maken; hoe dat gaat, staat in de brief.

                    Met vriendelijke groet,
                    Het uitvoeringsteam cliëntondersteuning
                    """, SettlementLetter.Kind(p.Id), applicationId), now, ct));
            }, ct);
        }

        public async Task<Outcome<int>> ReturnAsync(CurrentUser approver, int applicationId, ReturnForm form, CancellationToken ct)
        {
            if (FourEyes.RemarkErrors(form.Remark) is { None: false } errors) return Outcome<int>.Fail(errors);
            return await db.TryCaseWriteAsync<int>(applicationId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await w.Tx.QuerySingleOrDefaultAsync<Pending>(PendingSql, new { applicationId }, ct) is not { } p)
                    return Outcome<int>.Fail(FormLevel.Status, NothingPending);
                if (FourEyes.Refusal(p.PreparedBy, approver, "terugsturen") is { } refusal) return Outcome<int>.Fail(FormLevel.NotAllowed, refusal);
                var c = (await SettlementCase.LoadAsync(w.Tx, applicationId, ct))!;
                if (!await SettlementCase.LockAsync(w.Tx, applicationId, now, ct)) return Outcome<int>.Fail(FormLevel.Status, SettlementCase.NotGranted);
                var remark = form.Remark!.Trim();
                if (await w.Tx.ExecuteAsync(ReturnSql, new { settlementId = p.Id, userId = approver.Id, now, remark }, ct) != 1)
                    return Outcome<int>.Fail(FormLevel.Status, NothingPending);
                await w.AuditAsync(now, new AuditLog.Entry("VaststellingTeruggestuurd", approver.Id, ApplicationId: applicationId, MunicipalityId: c.MunicipalityId, Details: $"{c.Kenmerk}: {remark}"), ct);
                return Outcome<int>.Ok(p.Id);
            }, ct);
        }
    }
}
