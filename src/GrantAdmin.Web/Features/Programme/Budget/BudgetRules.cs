using GrantAdmin.Web.Features.Programme.Progress;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Budget;

/// <summary>Programme funds per participant (VWS put €8M in from 1 June 2019) against what it spent.</summary>
public static class BudgetRules
{
    public sealed record AllocationForm([MaxText(TextSize.Value)] string? AllocationAmount, [MaxText(TextSize.Value)] string? AvailableFrom, [MaxText(TextSize.Name)] string? Source);
    public sealed record Allocation(long AmountCents, DateOnly AvailableFrom, string Source);

    public sealed record SpendingForm([MaxText(TextSize.Value)] string? SpentOn, [MaxText(TextSize.Value)] string? SpendingAmount, [MaxText(TextSize.Note)] string? Description);
    public sealed record Spending(DateOnly SpentOn, long AmountCents, string Description);

    /// <summary>What a participant (or a whole cohort) was allocated, spent and has left.</summary>
    public sealed record Totals(long AllocatedCents, long SpentCents)
    {
        public long RemainingCents => AllocatedCents - SpentCents;
        public bool Overspent => IsOverspent(AllocatedCents, SpentCents);
        public long OverspentCents => Math.Max(0, SpentCents - AllocatedCents);
        public static Totals Zero { get; } = new(0, 0);
        public static Totals operator +(Totals a, Totals b) => new(a.AllocatedCents + b.AllocatedCents, a.SpentCents + b.SpentCents);
    }

    /// <summary>Spending more than was allocated is overspending; spending exactly the allocation is not.</summary>
    public static bool IsOverspent(long allocatedCents, long spentCents) => spentCents > allocatedCents;

    public static Totals TotalsOf(IEnumerable<long> allocationCents, IEnumerable<long> spendingCents) =>
        new(allocationCents.Sum(), spendingCents.Sum());

    /// <summary>The cohort's totals are the sums of its participants' totals.</summary>
    public static Totals Sum(IEnumerable<Totals> participants) => participants.Aggregate(Totals.Zero, (all, t) => all + t);

    public static string OverspendWarning(Totals totals) =>
        $"Let op: er is {Money.Euros(totals.OverspentCents)} meer uitgegeven dan er is toegekend ({Money.Euros(totals.SpentCents)} uitgegeven tegen {Money.Euros(totals.AllocatedCents)} toegekend).";

    public static (Allocation? Allocation, Errors Errors) Check(AllocationForm form)
    {
        var errors = new Errors();
        var cents = ProgrammeInput.Cents(form.AllocationAmount, nameof(AllocationForm.AllocationAmount), errors);
        var from = ProgrammeInput.Date(form.AvailableFrom, nameof(AllocationForm.AvailableFrom), "datum vanaf wanneer het geld beschikbaar is", errors);
        var source = ProgrammeInput.Text(form.Source);
        errors.Add(nameof(AllocationForm.Source), "Vul de bron van het geld in, bijvoorbeeld: VWS.", source is null);
        errors.Add(nameof(AllocationForm.Source), "Maak de bron korter: hoogstens 200 tekens.", source?.Length > 200);
        return errors.None ? (new Allocation(cents!.Value, from!.Value, source!), errors) : (null, errors);
    }

    public static (Spending? Spending, Errors Errors) Check(SpendingForm form)
    {
        var errors = new Errors();
        var on = ProgrammeInput.Date(form.SpentOn, nameof(SpendingForm.SpentOn), "datum van de uitgave", errors);
        var cents = ProgrammeInput.Cents(form.SpendingAmount, nameof(SpendingForm.SpendingAmount), errors);
        var description = ProgrammeInput.Text(form.Description);
        errors.Add(nameof(SpendingForm.Description), "Beschrijf waaraan het geld is uitgegeven.", description is null);
        errors.Add(nameof(SpendingForm.Description), $"Maak de beschrijving korter: hoogstens {ProgressRules.MaxText} tekens.", description?.Length > ProgressRules.MaxText);
        return errors.None ? (new Spending(on!.Value, cents!.Value, description!), errors) : (null, errors);
    }
}
