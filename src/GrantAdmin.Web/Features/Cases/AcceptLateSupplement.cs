using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Writes;

namespace GrantAdmin.Web.Features.Cases;

/// <summary>
/// The reviewer accepts a supplement that came after the term (Awb 4:5 allows setting aside, it does not oblige it), with a
/// reason. The case goes back to "In behandeling" and enters the ranking at the supplement's receipt moment, the moment
/// that becomes its ranking moment when judged complete (art. 4(4)). The other choice, setting it aside, is the decision panel.
/// </summary>
public static class AcceptLateSupplement
{
    public sealed record Form([MaxText(TextSize.Reason)] string? AcceptanceReason);

    internal const string CaseSql = """
        SELECT a.state, a.assigned_to_user_id AS AssignedTo, a.kenmerk_number AS KenmerkNumber, a.kenmerk, a.municipality_id AS MunicipalityId,
               c.due_on AS DueOn, c.supplement_received_on AS ReceivedOn, c.supplement_received_at_utc AS ReceivedAtUtc
        FROM applications a JOIN completion_requests c ON c.application_id = a.id
        WHERE a.id = @applicationId AND a.kenmerk IS NOT NULL
          AND c.id = (SELECT MAX(l.id) FROM completion_requests l WHERE l.application_id = @applicationId)
        """;

    private sealed record Case(string State, int? AssignedTo, int KenmerkNumber, string Kenmerk, int MunicipalityId, DateOnly DueOn,
        DateOnly? ReceivedOn, DateTime? ReceivedAtUtc);

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Outcome<DateTime>> HandleAsync(CurrentUser reviewer, int applicationId, Form form, CancellationToken ct)
        {
            var reason = form.AcceptanceReason?.Trim();
            if (string.IsNullOrEmpty(reason))
                return Outcome<DateTime>.Fail(nameof(Form.AcceptanceReason), "Leg uit waarom u de aanvulling na de termijn toch aanvaardt.");

            return await db.TryCaseWriteAsync<DateTime>(applicationId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await w.Tx.QuerySingleOrDefaultAsync<Case>(CaseSql, new { applicationId }, ct) is not { } c
                    || !LateSupplement.AwaitsChoice(Enum.Parse<ApplicationState>(c.State), c.DueOn, c.ReceivedOn))
                    return Outcome<DateTime>.Fail(FormLevel.Status, "Bij deze aanvraag wacht geen aanvulling van na de termijn op uw keuze.");
                if (c.AssignedTo != reviewer.Id)
                    return Outcome<DateTime>.Fail(FormLevel.NotAllowed, "Pak de aanvraag eerst op: alleen de toegewezen behandelaar beslist hierover.");

                var moment = DateTime.SpecifyKind(c.ReceivedAtUtc!.Value, DateTimeKind.Utc);
                await w.MoveAsync(applicationId, ApplicationState.BuitenBehandeling, ApplicationState.InBehandeling, now, reviewer.Id,
                    $"Aanvulling van na de termijn aanvaard: {reason}", ct);
                // The ledger hears of the supplement now, at its own receipt moment (never the click): the ranking follows that.
                await w.AppendToLedgerAsync(new LedgerAppend(applicationId, c.KenmerkNumber, LedgerEvent.AanvullingOntvangen, moment, 0, reviewer.Id, now), ct);
                await w.AuditAsync(now, new AuditLog.Entry("TeLateAanvullingAanvaard", reviewer.Id, ApplicationId: applicationId, MunicipalityId: c.MunicipalityId,
                    Details: $"{c.Kenmerk}: {reason}"), ct);
                return Outcome<DateTime>.Ok(moment);
            }, ct);
        }
    }
}
