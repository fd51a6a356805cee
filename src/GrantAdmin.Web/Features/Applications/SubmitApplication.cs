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
    public sealed record Submitted(string Kenmerk, DateTime ReceivedAtUtc, int OutboxMessageId);

    internal const string RoundOfSql = "SELECT round_id FROM applications WHERE id = @id AND municipality_id = @municipalityId";

    // The first write: the round's counter row is the round's lock (gap-free kenmerken, one ranking order).
    internal const string NextKenmerkSql = "UPDATE rounds SET last_kenmerk_number = last_kenmerk_number + 1 WHERE id = @roundId";

    // Then the application's own row, so a draft save cannot slip in between the checks and the submission.
    internal const string LockApplicationSql = "UPDATE applications SET updated_at_utc = updated_at_utc WHERE id = @id";

    internal const string RoundCounterSql = """
        SELECT last_kenmerk_number AS Number, last_receipt_utc AS LastReceiptUtc FROM rounds WHERE id = @roundId
        """;

    internal const string EarlierGrantSql = """
        SELECT MIN(r.name) FROM applications a JOIN rounds r ON r.id = a.round_id
        WHERE a.municipality_id = @municipalityId AND a.round_id <> @roundId AND a.state IN ('Verleend', 'Vastgesteld')
        """;

    internal const string RecordReceiptSql = "UPDATE rounds SET last_receipt_utc = @moment WHERE id = @roundId";

    internal const string MarkSubmittedSql = """
        UPDATE applications
        SET state = 'Ingediend', kenmerk = @kenmerk, kenmerk_number = @number, received_at_utc = @moment, received_on = @receivedOn,
            latest_receipt_utc = @moment,
            submitted_by_user_id = @userId, updated_at_utc = @moment
        WHERE id = @id AND state = 'Concept'
        """;


    public sealed class Handler(Db db, TimeProvider clock, IBackgroundJobClient jobs)
    {
        public async Task<Outcome<Submitted>> HandleAsync(CurrentUser user, int applicationId, CancellationToken ct)
        {
            if (user.Role != Roles.Tekenbevoegde)
                return Outcome<Submitted>.Fail(FormLevel.NotAllowed, "Alleen een tekenbevoegde van de gemeente kan de aanvraag indienen.");
            var municipalityId = user.RequireMunicipality();

            var outcome = await db.TryWriteAsync<Submitted>(async (_, tx) =>
            {
                if (await tx.QuerySingleOrDefaultAsync<int?>(RoundOfSql, new { id = applicationId, municipalityId }, ct) is not { } roundId)
                    return Outcome<Submitted>.Fail(FormLevel.Status, "Deze aanvraag bestaat niet.");
                await tx.ExecuteAsync(NextKenmerkSql, new { roundId }, ct);
                await tx.ExecuteAsync(LockApplicationSql, new { id = applicationId }, ct);
                var application = await tx.QuerySingleAsync<ApplicationRow>(ApplicationQueries.FindSql, new { id = applicationId, municipalityId }, ct);
                var round = await tx.QuerySingleAsync<Round>(ApplicationQueries.RoundSql, new { id = roundId }, ct);
                var counter = await tx.QuerySingleAsync<(int Number, DateTime? LastReceiptUtc)>(RoundCounterSql, new { roundId = round.Id }, ct);
                var moment = ApplicationRules.NextReceiptMoment(clock.GetUtcNow().UtcDateTime, counter.LastReceiptUtc);

                var facts = new ApplicationRules.SubmissionFacts(application.StateValue, round,
                    InRoundList: await tx.QuerySingleAsync<int>(Dashboard.InRoundListSql, new { roundId = round.Id, municipalityId }, ct) > 0,
                    EarlierGrantRound: await tx.QuerySingleOrDefaultAsync<string?>(EarlierGrantSql, new { municipalityId, roundId = round.Id }, ct));
                var errors = ApplicationRules.CheckSubmission(facts, moment);
                if (errors.None)
                    foreach (var (field, message) in ApplicationRules.CheckComplete(application.Draft, application.CurrentPlanId is not null))
                        errors.TryAdd(field, message);
                if (!errors.None) return Outcome<Submitted>.Fail(errors); // rolls back the counter too: no gaps

                var kenmerk = ApplicationRules.Kenmerk(round.KenmerkPrefix, counter.Number);
                await tx.ExecuteAsync(RecordReceiptSql, new { moment, roundId = round.Id }, ct);
                await tx.ExecuteAsync(MarkSubmittedSql, new
                {
                    id = applicationId, kenmerk, number = counter.Number, moment,
                    receivedOn = DateOnly.FromDateTime(Amsterdam.ToLocal(moment)), userId = user.Id,
                }, ct);
                await StateMachine.RecordAsync(tx, applicationId, ApplicationState.Concept, ApplicationState.Ingediend, moment, user.Id, null, ct);
                await RankingStore.AppendAsync(tx, new LedgerAppend(round.Id, applicationId, counter.Number, LedgerEvent.Ontvangen, moment,
                    application.RequestedCents!.Value, user.Id, moment), ct);
                await Cases.DecisionClock.RefreshAsync(tx, applicationId, ct);
                await tx.ExecuteAsync(Dashboard.InsertAuditSql, new { now = moment, userId = user.Id, action = "AanvraagIngediend", applicationId, municipalityId, details = kenmerk }, ct);

                var recipients = await Recipients.OfGemeenteAsync(tx, municipalityId, application.ContactEmail, ct);
                var messageId = await Outbox.EnqueueAsync(tx, db.Dialect, new OutgoingMail(
                    recipients, $"Ontvangstbevestiging aanvraag {kenmerk}",
                    ReceiptDocument.MailBody(kenmerk, application.MunicipalityName, moment, round.Name, application.PlanFileName!, application.PlanSha256!),
                    ReceiptDocument.Kind, applicationId), moment, ct);
                return Outcome<Submitted>.Ok(new Submitted(kenmerk, moment, messageId));
            }, ct);

            if (outcome.Succeeded)
                jobs.Enqueue<OutboxDispatcher>(d => d.SendAsync(outcome.Value!.OutboxMessageId, CancellationToken.None));
            return outcome;
        }
    }
}
