using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Mail;
using Hangfire;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>The tekenbevoegde withdraws a submitted application, with a reason, until a decision is made.</summary>
public static class WithdrawApplication
{
    public sealed record Form(string? Reason);

    internal const string WithdrawSql = """
        UPDATE applications SET state = 'Ingetrokken', withdrawn_at_utc = @now, withdrawal_reason = @reason, updated_at_utc = @now
        WHERE id = @id AND municipality_id = @municipalityId AND state = @expectedState
        """;

    public sealed class Handler(Db db, TimeProvider clock, IBackgroundJobClient jobs)
    {
        public async Task<Outcome<int>> HandleAsync(CurrentUser user, ApplicationRow application, Form form, CancellationToken ct)
        {
            if (user.Role != Roles.Tekenbevoegde)
                return Outcome<int>.Fail(FormLevel.NotAllowed, "Alleen een tekenbevoegde van de gemeente kan de aanvraag intrekken.");
            var reason = form.Reason?.Trim();
            if (string.IsNullOrEmpty(reason)) return Outcome<int>.Fail(nameof(Form.Reason), "Vul de reden van de intrekking in.");
            if (reason.Length > 2000) return Outcome<int>.Fail(nameof(Form.Reason), "Houd de reden korter dan 2000 tekens.");
            if (!StateMachine.CanWithdraw(application.StateValue))
                return Outcome<int>.Fail(FormLevel.Status, $"Een aanvraag met de status '{StateMachine.Label(application.StateValue)}' kan niet meer worden ingetrokken.");

            var outcome = await db.TryWriteAsync<int>(async (_, tx) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                await RankingStore.LockRoundAsync(tx, db.Dialect, application.RoundId, ct);
                // The expected state guards against a decision or another withdrawal in between.
                if (await tx.ExecuteAsync(WithdrawSql, new { id = application.Id, municipalityId = application.MunicipalityId, now, reason, expectedState = application.State }, ct) == 0)
                    return Outcome<int>.Fail(FormLevel.Status, "De status van deze aanvraag is intussen gewijzigd. Bekijk de aanvraag opnieuw.");
                await StateMachine.RecordAsync(tx, application.Id, Enum.Parse<ApplicationState>(application.State), ApplicationState.Ingetrokken, now, user.Id, reason, ct);
                await RankingStore.AppendAsync(tx, new LedgerAppend(application.RoundId, application.Id, application.KenmerkNumber!.Value,
                    LedgerEvent.Ingetrokken, now, 0, user.Id, now), ct);
                await tx.ExecuteAsync(Dashboard.InsertAuditSql, new { now, userId = user.Id, action = "AanvraagIngetrokken", applicationId = application.Id, municipalityId = application.MunicipalityId, details = reason }, ct);
                var recipients = await Recipients.OfGemeenteAsync(tx, application.MunicipalityId, application.ContactEmail, ct);
                return Outcome<int>.Ok(await Outbox.EnqueueAsync(tx, db.Dialect, new OutgoingMail(recipients,
                    $"Intrekking aanvraag {application.Kenmerk}",
                    $"""
                    Geacht college van burgemeester en wethouders van de gemeente {application.MunicipalityName},

                    Uw aanvraag met kenmerk {application.Kenmerk} is op {Amsterdam.Format(now)} ingetrokken door {user.Name}.
                    Reden: {reason}

                    Een eventuele reservering op het uitkeringsplafond vervalt. Met vriendelijke groet,
                    Het uitvoeringsteam cliëntondersteuning
                    """, null, application.Id), now, ct));
            }, ct);
            if (outcome.Succeeded) jobs.Enqueue<OutboxDispatcher>(d => d.SendAsync(outcome.Value, CancellationToken.None));
            return outcome;
        }
    }
}
