using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Deadlines;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Cases;

/// <summary>
/// Flags applications whose completion term passed unused: state "Buiten behandeling", with the date by
/// which the set-aside decision must follow (Awb 4:5(4)). Derived from our rows, so a run after downtime
/// catches up on everything it missed. It never sets an application aside (that is a decision, by four eyes), and it
/// passes over a request whose supplement came in, late or not: a late one (round setting Review) has already put the
/// case "buiten behandeling" itself and waits for the reviewer's choice (<see cref="AcceptLateSupplement"/>).
/// </summary>
public sealed class ExpireCompletionTermsJob(Db db, TimeProvider clock)
{
    internal const string DueSql = """
        SELECT c.id AS RequestId, c.application_id AS ApplicationId, c.due_on AS DueOn, a.round_id AS RoundId
        FROM completion_requests c JOIN applications a ON a.id = c.application_id
        WHERE c.supplement_received_at_utc IS NULL AND c.expired_on IS NULL AND c.due_on < @today AND a.state = 'AanvullingGevraagd'
        """;

    internal const string ExpireSql = """
        UPDATE completion_requests SET expired_on = due_on, set_aside_due_on = @setAsideDueOn
        WHERE id = @requestId AND supplement_received_at_utc IS NULL AND expired_on IS NULL
        """;

    private sealed record Due(int RequestId, int ApplicationId, DateOnly DueOn, int RoundId);

    public async Task<int> ExecuteAsync(CancellationToken ct)
    {
        var today = Amsterdam.Today(clock);
        var expired = 0;
        foreach (var due in await db.QueryAsync<Due>(DueSql, new { today }, ct))
        {
            var outcome = await db.TryCaseWriteAsync<int>(due.ApplicationId, async w =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var setAsideDueOn = Terms.SetAsideDeadline(due.DueOn, await DecisionClock.DesignatedDaysAsync(w.Tx, ct));
                if (await w.Tx.ExecuteAsync(ExpireSql, new { requestId = due.RequestId, setAsideDueOn }, ct) == 0)
                    return Outcome<int>.Ok(0); // a supplement or another run was first
                await w.MoveAsync(due.ApplicationId, ApplicationState.AanvullingGevraagd, ApplicationState.BuitenBehandeling, now, null,
                    $"Aanvultermijn verstreken op {Amsterdam.FormatDate(due.DueOn)}; besluit buiten behandeling uiterlijk {Amsterdam.FormatDate(setAsideDueOn)}", ct);
                await DecisionClock.RefreshAsync(w.Tx, due.ApplicationId, ct);
                await w.AuditAsync(now, new AuditLog.Entry("AanvultermijnVerstreken", (int?)null, ApplicationId: due.ApplicationId, Details: $"uiterlijk {setAsideDueOn:yyyy-MM-dd}"), ct);
                return Outcome<int>.Ok(1);
            }, ct);
            expired += outcome.Value;
        }
        return expired;
    }
}
