using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Rounds;

/// <summary>
/// The beheerder sets whether a round takes a supplement after the aanvulverzoek's term (<see cref="LateSupplement"/>).
/// It may change at any time: it only governs supplements sent from then on. Audited with the value before and after.
/// </summary>
public static class SetLateSupplementPolicy
{
    public sealed record Form([MaxText(TextSize.Value)] string? LateSupplementPolicy);

    internal const string CurrentSql = "SELECT late_supplement_policy FROM rounds WHERE id = @roundId";

    internal const string SetSql = "UPDATE rounds SET late_supplement_policy = @policy WHERE id = @roundId";

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Outcome<string>> HandleAsync(CurrentUser admin, string code, Form form, CancellationToken ct)
        {
            if (LateSupplement.Policies.FirstOrDefault(p => p == form.LateSupplementPolicy) is not { } policy)
                return Outcome<string>.Fail(nameof(Form.LateSupplementPolicy), "Kies of de gemeente na de termijn nog kan aanvullen.");

            return await RoundSettings.WriteAsync<string>(db, code, async w =>
            {
                var before = await w.Tx.QuerySingleAsync<string>(CurrentSql, new { roundId = w.RoundId }, ct);
                if (before == policy) return Outcome<string>.Ok(policy); // nothing changes, nothing to audit
                await w.Tx.ExecuteAsync(SetSql, new { policy, roundId = w.RoundId }, ct);
                await w.AuditAsync(clock.GetUtcNow().UtcDateTime, new AuditLog.Entry("TeLateAanvullingBeleidGewijzigd", admin.Id, RoundId: w.RoundId,
                    Details: $"{code}: aanvullen na de termijn", Before: before, After: policy), ct);
                return Outcome<string>.Ok(policy);
            }, ct);
        }
    }
}
