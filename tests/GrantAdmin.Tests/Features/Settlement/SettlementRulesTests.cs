using System.Globalization;
using CsCheck;
using GrantAdmin.Web.Features.Settlement;

namespace GrantAdmin.Tests.Features.Settlement;

/// <summary>The pure rules of the vaststelling: min(reported, granted), payback and the rest, years, Dutch amounts.</summary>
public sealed class SettlementRulesTests
{
    private const long Iterations = 5_000;
    private static readonly Gen<long> Cents = Gen.Long[0, 10_000_000_00];
    private static readonly Gen<long[]> Reported = Cents.Array[0, 5];
    private static readonly DateOnly From = new(2021, 11, 1);
    private static readonly DateOnly Until = new(2024, 6, 30);

    [Fact]
    public void Final_IsTheLowerOfReportedAndGranted_NeverNegative() =>
        Gen.Select(Cents, Cents, Reported).Sample((granted, paid, reported) =>
        {
            var a = SettlementRules.Compute(granted, paid, reported);
            return a.ReportedCents == reported.Sum() && a.FinalCents == Math.Min(reported.Sum(), granted) && a.FinalCents >= 0 && a.FinalCents <= granted;
        }, iter: Iterations);

    [Fact]
    public void PaidPlusAdditionalMinusPayback_IsTheFinalAmount_AndAtMostOneIsNotZero() =>
        Gen.Select(Cents, Cents, Reported).Sample((granted, paid, reported) =>
        {
            var a = SettlementRules.Compute(granted, paid, reported);
            return paid + a.AdditionalCents - a.PaybackCents == a.FinalCents && a.PaybackCents >= 0 && a.AdditionalCents >= 0
                && (a.PaybackCents == 0 || a.AdditionalCents == 0);
        }, iter: Iterations);

    [Fact]
    public void Payback_IsZero_WhenTheGemeenteSpentAtLeastWhatItWasPaid() =>
        Gen.Select(Cents, Reported).Sample((granted, reported) =>
            SettlementRules.Compute(granted, Math.Min(granted, reported.Sum()), reported).PaybackCents == 0, iter: Iterations);

    [Fact]
    public void Payback_GrowsByWhatIsNotSpent_WhenPaidInFull() =>
        Gen.Select(Cents, Reported).Sample((granted, reported) =>
            SettlementRules.Compute(granted, granted, reported).PaybackCents == Math.Max(0, granted - reported.Sum()), iter: Iterations);

    [Theory]
    [InlineData(5_000_000, 5_000_000, new long[] { 1_000_000, 234_567 }, 1_234_567, 3_765_433, 0)]      // spent less: pay back the rest
    [InlineData(5_000_000, 5_000_000, new long[] { 3_000_000, 3_000_000 }, 5_000_000, 0, 0)]              // spent more: capped at granted
    [InlineData(5_000_000, 5_000_000, new long[] { 2_500_000, 2_500_000 }, 5_000_000, 0, 0)]              // exactly granted
    [InlineData(5_000_000, 4_000_000, new long[] { 4_500_000 }, 4_500_000, 0, 500_000)]                   // paid 80%: the rest follows
    [InlineData(5_000_000, 4_000_000, new long[] { 3_000_000 }, 3_000_000, 1_000_000, 0)]                 // paid 80%, spent less still
    [InlineData(5_000_000, 5_000_000, new long[] { }, 0, 5_000_000, 0)]                                   // nothing spent
    [InlineData(5_000_000, 5_000_000, new long[] { 0, 0 }, 0, 5_000_000, 0)]
    public void Compute_Examples(long granted, long paid, long[] reported, long final, long payback, long additional) =>
        Assert.Equal(new SettlementRules.Amounts(reported.Sum(), final, payback, additional), SettlementRules.Compute(granted, paid, reported));

    [Fact]
    public void Compute_RefusesNegativeAmounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SettlementRules.Compute(-1, 0, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => SettlementRules.Compute(0, -1, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => SettlementRules.Compute(0, 0, [5, -1]));
    }

    [Fact]
    public void ActivityYear_IsExactlyTheCalendarYearsOfThePeriod() =>
        Gen.Int[1900, 2200].Sample(year => SettlementRules.IsActivityYear(year, From, Until) == year is >= 2021 and <= 2024, iter: Iterations);

    [Theory]
    [InlineData("2023-02-01", new[] { 2023, 2024 })]
    [InlineData("2021-12-20", new[] { 2021, 2022, 2023, 2024 })]
    [InlineData("2020-06-01", new[] { 2021, 2022, 2023, 2024 })]
    [InlineData("2024-07-01", new[] { 2024 })]
    [InlineData("2025-01-02", new int[] { })]
    public void ReportingYears_RunFromTheGrantYearToTheLastActivityYear(string grantedOn, int[] expected) =>
        Assert.Equal(expected, SettlementRules.ReportingYears(DateOnly.Parse(grantedOn, CultureInfo.InvariantCulture), From, Until));

    [Fact]
    public void ReportingYears_AreActivityYears_AndNotBeforeTheGrant() =>
        Gen.DateOnly[new DateOnly(2019, 1, 1), new DateOnly(2026, 12, 31)].Sample(grantedOn =>
            SettlementRules.ReportingYears(grantedOn, From, Until).All(y => SettlementRules.IsActivityYear(y, From, Until) && y >= grantedOn.Year), iter: Iterations);

    [Fact]
    public void MissingYears_AreTheReportingYearsNotRecorded()
    {
        Assert.Equal([2024], SettlementRules.MissingYears([2023, 2024], [2023, 2022]));
        Assert.Empty(SettlementRules.MissingYears([2023, 2024], [2024, 2023]));
        Assert.Equal("2022, 2023 en 2024", SettlementRules.Years([2022, 2023, 2024]));
        Assert.Equal("2023 en 2024", SettlementRules.Years([2023, 2024]));
    }

    [Fact]
    public void SisaDueOn_Is15JulyOfTheNextYear() => Assert.Equal(new DateOnly(2024, 7, 15), SettlementRules.SisaDueOn(2023));

    [Theory]
    [InlineData("12.345,67", 1_234_567)]
    [InlineData("12345,67", 1_234_567)]
    [InlineData("12345,6", 1_234_560)]
    [InlineData("€ 12.345,67", 1_234_567)]
    [InlineData("€12.345", 1_234_500)]
    [InlineData("1.234.567", 123_456_700)]
    [InlineData(" 0 ", 0)]
    [InlineData("0,05", 5)]
    public void ParseEuros_ReadsDutchNotation(string text, long cents) => Assert.Equal(cents, SettlementRules.ParseEuros(text));

    [Theory]
    [InlineData("12,345.67")]
    [InlineData("12.34")]
    [InlineData("12345.67")]
    [InlineData("1.2345,00")]
    [InlineData("12,345")]
    [InlineData("-5")]
    [InlineData("twaalf")]
    [InlineData("")]
    [InlineData("1,")]
    [InlineData("9999999999999")]
    [InlineData("١٢٣")] // Arabic-Indic digits: \d matched them, long.Parse threw
    [InlineData("€ ١٢٬٣٤٥,٦٧")]
    [InlineData("１２３")] // full-width
    [InlineData("12,３４")]
    public void ParseEuros_RefusesOtherNotations(string text) => Assert.Null(SettlementRules.ParseEuros(text));

    [Fact]
    public void ParseEuros_ReadsBackWhatDutchFormattingWrites() =>
        Gen.Long[0, 99_999_999_999].Sample(cents =>
            SettlementRules.ParseEuros((cents / 100m).ToString("N2", CultureInfo.GetCultureInfo("nl-NL"))) == cents
            && SettlementRules.ParseEuros((cents / 100m).ToString("0.00", CultureInfo.GetCultureInfo("nl-NL"))) == cents, iter: Iterations);

    [Theory]
    [InlineData(null, "1.000", "Year", "Vul het jaar in waarover de gemeente de besteding heeft verantwoord.")]
    [InlineData("23", "1.000", "Year", "Vul het jaar in met vier cijfers, bijvoorbeeld 2023.")]
    [InlineData("2020", "1.000", "Year", "Het jaar moet in de periode van de activiteiten liggen: 2021 tot en met 2024.")]
    [InlineData("2025", "1.000", "Year", "Het jaar moet in de periode van de activiteiten liggen: 2021 tot en met 2024.")]
    [InlineData("2023", "", "Amount", "Vul het bestede bedrag in euro's in.")]
    [InlineData("2023", "-100", "Amount", "Het bestede bedrag kan niet negatief zijn. Vul 0 in als er niets is besteed.")]
    [InlineData("2023", "12,345.67", "Amount", SettlementRules.AmountFormat)]
    public void CheckSpending_SaysInDutchWhatToDo(string? year, string? amount, string field, string message)
    {
        var (_, _, errors) = SettlementRules.CheckSpending(year, amount, From, Until);

        Assert.Equal(message, Assert.Contains(field, errors));
    }

    [Fact]
    public void CheckSpending_AcceptsAYearOfThePeriodAndADutchAmount()
    {
        var (year, cents, errors) = SettlementRules.CheckSpending(" 2024 ", "12.345,67", From, Until);

        Assert.True(errors.None);
        Assert.Equal((2024, 1_234_567L), (year, cents));
    }

    [Fact]
    public void Prepare_NeedsEveryReportingYear()
    {
        Assert.Equal("Leg eerst de besteding over 2024 vast: de vaststelling rekent met de verantwoording van alle jaren.",
            PrepareSettlement.Check([2023, 2024], [2023])[PrepareSettlement.SpendingKey]);
        Assert.True(PrepareSettlement.Check([2023, 2024], [2024, 2023, 2022]).None);
    }
}
