using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Deadlines;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Mail;
using Hangfire;

namespace GrantAdmin.Web.Features.Decisions;

/// <summary>
/// The four eyes: an Accordeerder who did not prepare the decision approves it or returns it with a remark.
/// The preparer is taken from the stored decision, never from the form. Approval, in one transaction: the
/// state, the ledger (a grant converts the reservation, a refusal releases it), the decision record, the
/// audit row, the payment instruction of a grant and, unless the letter is to go with a later verzendronde, a
/// dispatch of this one decision: its letter and e-mail are sent by <see cref="SendDecisionLettersJob"/>, as every letter.
/// </summary>
public static class ReviewDecision
{
    public sealed record ReturnForm(
        // Also stored as the state transition's reason ("Teruggestuurd: …"), whose column holds 2000.
        [MaxText(TextSize.Note)] string? Remark);

    /// <summary>SendLater: the letter waits for a verzendronde (/behandeling/verzenden) instead of going now.</summary>
    public sealed record ApproveForm(bool SendLater = false);

    public sealed record Approved(DecisionKind Kind, int? DispatchId);

    internal const string PendingSql = """
        SELECT d.id, d.kind, d.amount_cents AS AmountCents, d.prepared_by_user_id AS PreparedBy, a.round_id AS RoundId, a.state, a.kenmerk,
               a.kenmerk_number AS KenmerkNumber, a.municipality_id AS MunicipalityId, m.name AS MunicipalityName, a.contact_email AS ContactEmail,
               a.reserved_cents AS ReservedCents, a.allocation, d.ground
        FROM decisions d JOIN applications a ON a.id = d.application_id JOIN municipalities m ON m.id = a.municipality_id
        WHERE d.application_id = @applicationId AND d.status = 'TerAccordering'
        """;

    internal const string ApproveSql = """
        UPDATE decisions SET status = 'Goedgekeurd', reviewed_by_user_id = @userId, reviewed_at_utc = @now,
            ranking_position = @position, meter_ceiling_cents = @ceiling, meter_granted_cents = @granted, meter_reserved_cents = @reserved, meter_available_cents = @available
        WHERE id = @decisionId AND status = 'TerAccordering'
        """;

    internal const string ReturnSql = """
        UPDATE decisions SET status = 'Teruggestuurd', reviewed_by_user_id = @userId, reviewed_at_utc = @now, remark = @remark
        WHERE id = @decisionId AND status = 'TerAccordering'
        """;

    internal const string GrantedSql = "UPDATE applications SET granted_cents = @grantedCents WHERE id = @applicationId";

    internal const string BackToPreparerSql = "UPDATE applications SET assigned_to_user_id = @preparedBy WHERE id = @applicationId";

    private sealed record Pending(int Id, string Kind, long AmountCents, int PreparedBy, int RoundId, string State, string Kenmerk, int KenmerkNumber,
        int MunicipalityId, string MunicipalityName, string? ContactEmail, long ReservedCents, string? Allocation, string? Ground)
    {
        public DecisionKind KindValue => Enum.Parse<DecisionKind>(Kind);
    }

    public const string OwnDecision = FourEyes.OwnDecision;

    public sealed class Handler(Db db, TimeProvider clock, IBackgroundJobClient jobs)
    {
        public async Task<Outcome<Approved>> ApproveAsync(CurrentUser approver, int applicationId, ApproveForm form, CancellationToken ct)
        {
            var outcome = await db.TryCaseWriteAsync<Approved>(applicationId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await w.Tx.QuerySingleOrDefaultAsync<Pending>(PendingSql, new { applicationId }, ct) is not { } d)
                    return Outcome<Approved>.Fail(FormLevel.Status, "Er ligt geen besluit ter accordering.");
                if (FourEyes.Refusal(d.PreparedBy, approver, "accorderen") is { } refusal) return Outcome<Approved>.Fail(FormLevel.NotAllowed, refusal);
                if (d.KindValue == DecisionKind.Verlening && d.ReservedCents < d.AmountCents)
                    return Outcome<Approved>.Fail(FormLevel.Status, "De reservering is kleiner geworden dan het voorbereide bedrag. Stuur het besluit terug om het opnieuw voor te bereiden.");
                if (d.KindValue == DecisionKind.Afwijzing && d.Ground == PrepareDecision.CeilingGround && d.Allocation != nameof(Allocation.NoRoom))
                    return Outcome<Approved>.Fail(FormLevel.Status, "Er is inmiddels ruimte onder het plafond voor deze aanvraag. Stuur het besluit terug om het opnieuw voor te bereiden.");

                // The position and the meter at the moment of the decision, kept with it for the letter.
                var before = await w.RecomputeRankingAsync(ct);
                var (state, ledgerEvent, granted) = d.KindValue switch
                {
                    DecisionKind.Verlening => (ApplicationState.Verleend, LedgerEvent.Verleend, (long?)d.AmountCents),
                    DecisionKind.Afwijzing => (ApplicationState.Afgewezen, LedgerEvent.Afgewezen, null),
                    _ => (ApplicationState.BuitenBehandelingGesteld, LedgerEvent.BuitenBehandeling, null),
                };
                await w.Tx.ExecuteAsync(ApproveSql, new
                {
                    decisionId = d.Id, userId = approver.Id, now, position = before.For(applicationId)?.Number,
                    ceiling = before.CeilingCents, granted = before.GrantedCents, reserved = before.ReservedCents, available = before.AvailableCents,
                }, ct);
                await w.Tx.ExecuteAsync(GrantedSql, new { applicationId, grantedCents = granted }, ct);
                await w.MoveAsync(applicationId, ApplicationState.BesluitTerAccordering, state, now, approver.Id, $"{DecisionPanel.Label(d.KindValue)} geaccordeerd", ct);
                await w.AppendToLedgerAsync(new LedgerAppend(applicationId, d.KenmerkNumber, ledgerEvent, now, granted ?? 0, approver.Id, now), ct);
                if (d.KindValue == DecisionKind.Verlening)
                    await Payments.PaymentInstructions.CreateAsync(w.Tx, applicationId, d.Id, now, ct); // 100% (the round's percentage) on grant
                await w.AuditAsync(now, new AuditLog.Entry("BesluitGeaccordeerd", approver.Id, ApplicationId: applicationId, MunicipalityId: d.MunicipalityId, Details: $"{d.Kenmerk} {d.Kind}{(granted is { } g ? " " + g : "")}"), ct);
                int? dispatchId = form.SendLater ? null
                    : (await DecisionDispatch.CreateAsync(w, approver.Id, DecisionDispatch.FromApproval, [d.Id], now, ct)).DispatchId;
                return Outcome<Approved>.Ok(new Approved(d.KindValue, dispatchId));
            }, ct);
            if (outcome is { Succeeded: true, Value.DispatchId: { } id })
                jobs.Enqueue<SendDecisionLettersJob>(x => x.ExecuteAsync(id, CancellationToken.None));
            return outcome;
        }

        public async Task<Outcome<int>> ReturnAsync(CurrentUser approver, int applicationId, ReturnForm form, CancellationToken ct)
        {
            if (FourEyes.RemarkErrors(form.Remark) is { None: false } errors) return Outcome<int>.Fail(errors);
            return await db.TryCaseWriteAsync<int>(applicationId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await w.Tx.QuerySingleOrDefaultAsync<Pending>(PendingSql, new { applicationId }, ct) is not { } p)
                    return Outcome<int>.Fail(FormLevel.Status, "Er ligt geen besluit ter accordering.");
                if (FourEyes.Refusal(p.PreparedBy, approver, "terugsturen") is { } refusal) return Outcome<int>.Fail(FormLevel.NotAllowed, refusal);
                var remark = form.Remark!.Trim();
                await w.Tx.ExecuteAsync(ReturnSql, new { decisionId = p.Id, userId = approver.Id, now, remark }, ct);
                await w.Tx.ExecuteAsync(BackToPreparerSql, new { applicationId, preparedBy = p.PreparedBy }, ct);
                await w.MoveAsync(applicationId, ApplicationState.BesluitTerAccordering, ApplicationState.BesluitInVoorbereiding, now, approver.Id,
                    $"Teruggestuurd: {remark}", ct);
                await w.AuditAsync(now, new AuditLog.Entry("BesluitTeruggestuurd", approver.Id, ApplicationId: applicationId, MunicipalityId: p.MunicipalityId, Details: $"{p.Kenmerk}: {remark}"), ct);
                return Outcome<int>.Ok(p.Id);
            }, ct);
        }
    }
}
