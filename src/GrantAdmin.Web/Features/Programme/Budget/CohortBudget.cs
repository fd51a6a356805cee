using GrantAdmin.Web.Features.Programme.Progress;
using GrantAdmin.Web.Infrastructure;
using static GrantAdmin.Web.Features.Programme.Budget.BudgetRules;

namespace GrantAdmin.Web.Features.Programme.Budget;

/// <summary>A cohort's budget: per participant allocated, spent and left, and the cohort's totals.</summary>
public static class CohortBudget
{
    public sealed record ParticipantRow(int Id, string Name, long AllocatedCents, long SpentCents)
    {
        public Totals Totals => new(AllocatedCents, SpentCents);
    }

    public sealed record Page(ProgrammeParticipant.Cohort Cohort, IReadOnlyList<ParticipantRow> Participants, Totals Totals)
    {
        public int OverspentCount => Participants.Count(p => p.Totals.Overspent);
    }

    internal const string ParticipantsSql = """
        SELECT p.id, p.name,
            COALESCE((SELECT SUM(a.amount_cents) FROM participant_budget_allocations a WHERE a.participant_id = p.id), 0) AS allocatedCents,
            COALESCE((SELECT SUM(s.amount_cents) FROM participant_spendings s WHERE s.participant_id = p.id), 0) AS spentCents
        FROM programme_participants p
        WHERE p.cohort_id = @cohortId
        ORDER BY p.name, p.id
        """;

    public sealed class Handler(Db db)
    {
        public async Task<Page?> LoadAsync(int cohortId, CancellationToken ct)
        {
            if (await ProgrammeParticipant.FindCohortAsync(db, cohortId, ct) is not { } cohort) return null;
            var participants = await db.QueryAsync<ParticipantRow>(ParticipantsSql, new { cohortId }, ct);
            return new Page(cohort, participants, Sum(participants.Select(p => p.Totals)));
        }
    }
}
