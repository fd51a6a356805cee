using CsCheck;
using GrantAdmin.Web.Features.Programme.Budget;
using GrantAdmin.Web.Features.Programme.Progress;
using GrantAdmin.Web.Infrastructure;
using static GrantAdmin.Web.Features.Programme.Budget.BudgetRules;

namespace GrantAdmin.Tests.Features.Programme;

public sealed class BudgetRulesTests
{
    [Theory]
    [InlineData(100, 99, false)]
    [InlineData(100, 100, false)]
    [InlineData(100, 101, true)]
    [InlineData(0, 0, false)]
    [InlineData(0, 1, true)]
    public void Overspent_OnlyWhenSpentIsMoreThanAllocated(long allocated, long spent, bool overspent)
    {
        Assert.Equal(overspent, IsOverspent(allocated, spent));
        Assert.Equal(overspent, new Totals(allocated, spent).Overspent);
    }

    [Fact]
    public void AnyAmounts_OverspentExactlyWhenRemainingIsNegative() =>
        Gen.Select(Gen.Long[0, 10_000_000_000], Gen.Long[0, 10_000_000_000]).Sample((a, s) =>
        {
            var t = new Totals(a, s);
            return t.Overspent == t.RemainingCents < 0 && t.RemainingCents == a - s && t.OverspentCents == Math.Max(0, s - a);
        });

    [Fact]
    public void AnyCohort_TotalsAreTheSumsOfItsParticipants() =>
        Gen.Select(Gen.Long[1, 1_000_000_000].Array[0, 5], Gen.Long[1, 1_000_000_000].Array[0, 5]).Array[0, 20].Sample(participants =>
        {
            var each = participants.Select(p => TotalsOf(p.Item1, p.Item2)).ToList();
            var cohort = Sum(each);
            return cohort.AllocatedCents == participants.Sum(p => p.Item1.Sum()) && cohort.SpentCents == participants.Sum(p => p.Item2.Sum())
                && cohort.RemainingCents == each.Sum(t => t.RemainingCents);
        });

    [Theory]
    [InlineData("12.345,67", 1_234_567)]
    [InlineData("12345,67", 1_234_567)]
    [InlineData("€ 12.345,67", 1_234_567)]
    [InlineData("12.345", 1_234_500)]
    [InlineData("8.000.000", 800_000_000)]
    [InlineData("0,5", 50)]
    [InlineData(" 1 234,50 ", 123_450)]
    [InlineData("50000", 5_000_000)]
    public void DutchAmounts_AreReadInCents(string text, long cents)
    {
        var errors = new Errors();
        Assert.Equal(cents, ProgrammeInput.Cents(text, "Amount", errors));
        Assert.True(errors.None);
    }

    [Theory]
    [InlineData("12.50", "Vul een geldig bedrag in euro's in, met een komma voor de centen, zoals 12.345,67.")]
    [InlineData("12,345", "Vul een geldig bedrag in euro's in, met een komma voor de centen, zoals 12.345,67.")]
    [InlineData("1.2345,00", "Vul een geldig bedrag in euro's in, met een komma voor de centen, zoals 12.345,67.")]
    [InlineData("-100", "Vul een geldig bedrag in euro's in, met een komma voor de centen, zoals 12.345,67.")]
    [InlineData("tien", "Vul een geldig bedrag in euro's in, met een komma voor de centen, zoals 12.345,67.")]
    [InlineData("0,00", "Vul een bedrag groter dan € 0,00 in.")]
    [InlineData("", "Vul het bedrag in, zoals 12.345,67.")]
    [InlineData("999999999999", "Dit bedrag is te groot: vul een bedrag onder de 100 miljard euro in.")]
    public void WrongAmounts_AreRefusedInDutch(string text, string message)
    {
        var errors = new Errors();
        Assert.Null(ProgrammeInput.Cents(text, "Amount", errors));
        Assert.Equal(message, errors["Amount"]);
    }

    [Theory]
    [InlineData(1_234_567, "€ 12.345,67")]
    [InlineData(800_000_000, "€ 8.000.000,00")]
    [InlineData(5, "€ 0,05")]
    [InlineData(-250_000, "-€ 2.500,00")]
    public void Amounts_AreShownDutchStyle(long cents, string shown) => Assert.Equal(shown, GrantAdmin.Web.Infrastructure.Money.Euros(cents));

    [Fact]
    public void AnyAmount_ShownForTheFormIsReadBackTheSame() =>
        Gen.Long[1, 99_999_999_999].Sample(cents => ProgrammeInput.Cents(GrantAdmin.Web.Infrastructure.Money.Amount(cents), "A", new Errors()) == cents);

    [Fact]
    public void Allocation_NeedsAmountDateAndSource()
    {
        var (_, errors) = Check(new AllocationForm("", "", " "));
        Assert.Equal("Vul het bedrag in, zoals 12.345,67.", errors[nameof(AllocationForm.AllocationAmount)]);
        Assert.Equal("Vul de datum vanaf wanneer het geld beschikbaar is in.", errors[nameof(AllocationForm.AvailableFrom)]);
        Assert.Equal("Vul de bron van het geld in, bijvoorbeeld: VWS.", errors[nameof(AllocationForm.Source)]);

        var (allocation, _) = Check(new AllocationForm("8.000,00", "2019-06-01", "VWS"));
        Assert.Equal(new Allocation(800_000, new DateOnly(2019, 6, 1), "VWS"), allocation);
    }

    [Fact]
    public void Spending_NeedsDateAmountAndDescription()
    {
        var (_, errors) = Check(new SpendingForm(null, "abc", null));
        Assert.Equal("Vul de datum van de uitgave in.", errors[nameof(SpendingForm.SpentOn)]);
        Assert.Equal("Vul een geldig bedrag in euro's in, met een komma voor de centen, zoals 12.345,67.", errors[nameof(SpendingForm.SpendingAmount)]);
        Assert.Equal("Beschrijf waaraan het geld is uitgegeven.", errors[nameof(SpendingForm.Description)]);
    }

    [Fact]
    public void OverspendWarning_SaysByHowMuch() =>
        Assert.Equal("Let op: er is € 250,00 meer uitgegeven dan er is toegekend (€ 10.250,00 uitgegeven tegen € 10.000,00 toegekend).",
            OverspendWarning(new Totals(1_000_000, 1_025_000)));
}
