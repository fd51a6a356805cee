using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Mail;
using Hangfire;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>
/// The tekenbevoegde submits: every check again, then in one transaction the receipt moment, the kenmerk,
/// the state change, the ledger and audit rows and the receipt e-mail in the outbox.
/// </summary>
public static class SubmitApplication
{
    /// <summary>The receipt; <see cref="Repeated"/> when the application had already been submitted (by this or an earlier request).</summary>
    public sealed record Submitted(string Kenmerk, DateTime ReceivedAtUtc, bool Repeated);

    // First, the application's own row, so a draft save cannot slip in between the checks and the submission (SQL Server).
    internal const string LockApplicationSql = "UPDATE applications SET updated_at_utc = updated_at_utc WHERE id = @id";

    // The round's counter, and whether the gemeente may apply in it (its list; an uitkering in an earlier round).
    internal const string FactsSql = """
        SELECT r.last_kenmerk_number AS Number, r.last_receipt_utc AS LastReceiptUtc,
               (SELECT COUNT(*) FROM municipality_lists l WHERE l.list_year = r.municipality_list_year AND l.municipality_id = @municipalityId) AS InRoundList,
               (SELECT MIN(e.name) FROM applications a JOIN rounds e ON e.id = a.round_id
                WHERE a.municipality_id = @municipalityId AND a.round_id <> r.id AND a.state IN ('Verleend', 'Vastgesteld')) AS EarlierGrantRound
        FROM rounds r WHERE r.id = @roundId
        """;

    private sealed record Facts(int Number, DateTime? LastReceiptUtc, int InRoundList, string? EarlierGrantRound);

    // The round's counter under its lock: gap-free kenmerken and strictly increasing receipt moments.
    internal const string RecordReceiptSql = "UPDATE rounds SET last_kenmerk_number = @number, last_receipt_utc = @moment WHERE id = @roundId";

    internal const string MarkReceivedSql = """
        UPDATE applications
        SET kenmerk = @kenmerk, kenmerk_number = @number, received_at_utc = @moment, received_on = @receivedOn,
            latest_receipt_utc = @moment, submitted_by_user_id = @userId, decision_due_on = @decisionDueOn
        WHERE id = @id
        """;

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Outcome<Submitted>> HandleAsync(CurrentUser user, int applicationId, CancellationToken ct)
        {
            if (user.Role != Roles.Tekenbevoegde)
                return Outcome<Submitted>.Fail(FormLevel.NotAllowed, "Alleen een tekenbevoegde van de gemeente kan de aanvraag indienen.");
            var municipalityId = user.RequireMunicipality();

            return await db.TryCaseWriteAsync<Submitted>(applicationId, async w =>
            {
                await w.Tx.ExecuteAsync(LockApplicationSql, new { id = applicationId }, ct);
                if (await w.Tx.QuerySingleOrDefaultAsync<ApplicationRow>(ApplicationQueries.FindSql, new { id = applicationId, municipalityId }, ct) is not { } application)
                    return Outcome<Submitted>.Fail(FormLevel.Status, "Deze aanvraag bestaat niet.");
                // A repeated press (say the first response was lost) answers with the receipt the first one got.
                if (application is { Kenmerk: { } existing, ReceivedAtUtc: { } receivedAt })
                    return Outcome<Submitted>.Ok(new Submitted(existing, DateTime.SpecifyKind(receivedAt, DateTimeKind.Utc), Repeated: true));

                var round = await w.Tx.QuerySingleAsync<Round>(ApplicationQueries.RoundSql, new { id = w.RoundId }, ct);
                var facts = await w.Tx.QuerySingleAsync<Facts>(FactsSql, new { roundId = w.RoundId, municipalityId }, ct);
                var moment = ApplicationRules.NextReceiptMoment(clock.GetUtcNow().UtcDateTime, facts.LastReceiptUtc);

                var errors = ApplicationRules.CheckSubmission(
                    new ApplicationRules.SubmissionFacts(application.StateValue, round, facts.InRoundList > 0, facts.EarlierGrantRound), moment);
                if (errors.None)
                    foreach (var (field, message) in ApplicationRules.CheckComplete(application.Draft, application.CurrentPlanId is not null))
                        errors.TryAdd(field, message);
                if (!errors.None) return Outcome<Submitted>.Fail(errors);

                var number = facts.Number + 1;
                var receivedOn = DateOnly.FromDateTime(Amsterdam.ToLocal(moment));
                var kenmerk = ApplicationRules.Kenmerk(round.KenmerkPrefix, number);
                await w.Tx.ExecuteAsync(RecordReceiptSql, new { number, moment, roundId = round.Id }, ct);
                await w.Tx.ExecuteAsync(MarkReceivedSql, new
                {
                    id = applicationId, kenmerk, number, moment, receivedOn, userId = user.Id,
                    decisionDueOn = Cases.DecisionClock.AtReceipt(receivedOn, round.DecisionTermWeeks, await Cases.DecisionClock.DesignatedDaysAsync(w.Tx, ct)),
                }, ct);
                await w.Tx.ExecuteAsync(PlanFiles.MarkReceivedSql, new { moment, applicationId }, ct);
                await w.MoveAsync(applicationId, ApplicationState.Concept, ApplicationState.Ingediend, moment, user.Id, null, ct);
                await w.AppendToLedgerAsync(new LedgerAppend(applicationId, number, LedgerEvent.Ontvangen, moment, application.RequestedCents!.Value, user.Id, moment), ct);
                await w.AuditAsync(moment, new AuditLog.Entry("AanvraagIngediend", user.Id, ApplicationId: applicationId, MunicipalityId: municipalityId, Details: kenmerk), ct);

                var recipients = await Recipients.OfGemeenteAsync(w.Tx, municipalityId, application.ContactEmail, ct);
                await w.EnqueueMailAsync(new OutgoingMail(
                    recipients, $"Ontvangstbevestiging aanvraag {kenmerk}",
                    ReceiptDocument.MailBody(kenmerk, application.MunicipalityName, moment, round.Name, application.PlanFileName!, application.PlanSha256!),
                    ReceiptDocument.Kind, applicationId), moment, ct);
                return Outcome<Submitted>.Ok(new Submitted(kenmerk, moment, Repeated: false));
            }, ct);
        }
    }
}
