using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Mail;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>The tekenbevoegde withdraws a submitted application, with a reason, until a decision is made.</summary>
public static class WithdrawApplication
{
    public sealed record Form([MaxText(TextSize.Reason)] string? Reason);

    internal const string WithdrawSql = """
        UPDATE applications SET withdrawn_at_utc = @now, withdrawal_reason = @reason WHERE id = @id AND municipality_id = @municipalityId
        """;

    public sealed class Handler(Db db, TimeProvider clock)
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

            return await db.TryCaseWriteAsync<int>(application.Id, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                // The state the gemeente saw guards against a decision or another withdrawal in between.
                if (await w.StateOfAsync(application.Id, ct) != application.StateValue)
                    return Outcome<int>.Fail(FormLevel.Status, "De status van deze aanvraag is intussen gewijzigd. Bekijk de aanvraag opnieuw.");
                await w.Tx.ExecuteAsync(WithdrawSql, new { id = application.Id, municipalityId = application.MunicipalityId, now, reason }, ct);
                await w.MoveAsync(application.Id, application.StateValue, ApplicationState.Ingetrokken, now, user.Id, reason, ct);
                await w.AppendToLedgerAsync(new LedgerAppend(application.Id, application.KenmerkNumber!.Value, LedgerEvent.Ingetrokken, now, 0, user.Id, now), ct);
                await w.AuditAsync(now, new AuditLog.Entry("AanvraagIngetrokken", user.Id, ApplicationId: application.Id, MunicipalityId: application.MunicipalityId, Details: reason), ct);
                var recipients = await Recipients.OfGemeenteAsync(w.Tx, application.MunicipalityId, application.ContactEmail, ct);
                return Outcome<int>.Ok(await w.EnqueueMailAsync(new OutgoingMail(recipients,
                    $"Intrekking aanvraag {application.Kenmerk}",
                    $"""
                    Geacht college van burgemeester en wethouders van de gemeente {application.MunicipalityName},

                    Uw aanvraag met kenmerk {application.Kenmerk} is op {Amsterdam.Format(now)} ingetrokken door {user.Name}.
                    Reden: {reason}

                    Een eventuele reservering op het uitkeringsplafond vervalt. Met vriendelijke groet,
                    Het uitvoeringsteam cliëntondersteuning
                    """, null, application.Id), now, ct));
            }, ct);
        }
    }
}
