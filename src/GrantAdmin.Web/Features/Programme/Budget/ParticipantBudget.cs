using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Programme.Progress;
using GrantAdmin.Web.Infrastructure;
using static GrantAdmin.Web.Features.Programme.Budget.BudgetRules;

namespace GrantAdmin.Web.Features.Programme.Budget;

/// <summary>A participant's programme budget: allocations, spending, totals and what is left.</summary>
public static class ParticipantBudget
{
    public sealed record AllocationRow(int Id, long AmountCents, DateOnly AvailableFrom, string Source);
    public sealed record SpendingRow(int Id, DateOnly SpentOn, long AmountCents, string Description);

    public sealed record Page(ProgrammeParticipant.Participant Participant, IReadOnlyList<AllocationRow> Allocations, IReadOnlyList<SpendingRow> Spendings,
        Totals Totals, AllocationForm AllocationForm, SpendingForm SpendingForm, bool CanEdit);

    internal const string AllocationsSql = """
        SELECT id, amount_cents AS amountCents, available_from AS availableFrom, source
        FROM participant_budget_allocations WHERE participant_id = @participantId ORDER BY available_from, id
        """;
    internal const string SpendingsSql = """
        SELECT id, spent_on AS spentOn, amount_cents AS amountCents, description
        FROM participant_spendings WHERE participant_id = @participantId ORDER BY spent_on, id
        """;
    internal const string InsertAllocationSql = """
        INSERT INTO participant_budget_allocations (participant_id, amount_cents, available_from, source, recorded_by_user_id, recorded_at_utc)
        VALUES (@participantId, @amountCents, @availableFrom, @source, @userId, @now)
        """;
    internal const string InsertSpendingSql = """
        INSERT INTO participant_spendings (participant_id, spent_on, amount_cents, description, recorded_by_user_id, recorded_at_utc)
        VALUES (@participantId, @spentOn, @amountCents, @description, @userId, @now)
        """;

    public static readonly AllocationForm EmptyAllocation = new(null, null, null);
    public static readonly SpendingForm EmptySpending = new(null, null, null);

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Page?> LoadAsync(int participantId, bool canEdit, AllocationForm? allocationForm, SpendingForm? spendingForm, CancellationToken ct)
        {
            if (await ProgrammeParticipant.FindAsync(db, participantId, ct) is not { } participant) return null;
            var allocations = await db.QueryAsync<AllocationRow>(AllocationsSql, new { participantId }, ct);
            var spendings = await db.QueryAsync<SpendingRow>(SpendingsSql, new { participantId }, ct);
            return new Page(participant, allocations, spendings,
                TotalsOf(allocations.Select(a => a.AmountCents), spendings.Select(s => s.AmountCents)),
                allocationForm ?? EmptyAllocation, spendingForm ?? EmptySpending, canEdit);
        }

        public async Task<Outcome<int>> AddAllocationAsync(CurrentUser user, int participantId, AllocationForm form, CancellationToken ct)
        {
            var (allocation, errors) = Check(form);
            if (allocation is null) return Outcome<int>.Fail(errors);
            return await db.TryWriteAsync<int>(async w =>
            {
                if (await ProgrammeParticipant.FindAsync(w.Tx, participantId, ct) is null) return ParticipantProgress.NotFound;
                var id = await w.InsertAsync(InsertAllocationSql, new
                {
                    participantId, amountCents = allocation.AmountCents, availableFrom = allocation.AvailableFrom, source = allocation.Source, userId = user.Id, now = clock.GetUtcNow().UtcDateTime,
                }, ct);
                await ProgrammeParticipant.AuditAsync(w, clock, user, "BudgetToegekend", participantId,
                    $"{Money.Euros(allocation.AmountCents)} vanaf {allocation.AvailableFrom:yyyy-MM-dd}, bron {allocation.Source}", ct);
                return Outcome<int>.Ok(id);
            }, ct);
        }

        public async Task<Outcome<int>> AddSpendingAsync(CurrentUser user, int participantId, SpendingForm form, CancellationToken ct)
        {
            var (spending, errors) = Check(form);
            if (spending is null) return Outcome<int>.Fail(errors);
            return await db.TryWriteAsync<int>(async w =>
            {
                if (await ProgrammeParticipant.FindAsync(w.Tx, participantId, ct) is null) return ParticipantProgress.NotFound;
                var id = await w.InsertAsync(InsertSpendingSql, new
                {
                    participantId, spentOn = spending.SpentOn, amountCents = spending.AmountCents, description = spending.Description, userId = user.Id, now = clock.GetUtcNow().UtcDateTime,
                }, ct);
                await ProgrammeParticipant.AuditAsync(w, clock, user, "UitgaveGeboekt", participantId,
                    $"{Money.Euros(spending.AmountCents)} op {spending.SpentOn:yyyy-MM-dd}: {spending.Description}", ct);
                return Outcome<int>.Ok(id);
            }, ct);
        }
    }
}
