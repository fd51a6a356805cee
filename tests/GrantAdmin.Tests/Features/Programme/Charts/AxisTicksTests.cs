using CsCheck;
using GrantAdmin.Web.Features.Programme.Charts;

namespace GrantAdmin.Tests.Features.Programme.Charts;

/// <summary>The value axis's ticks: nice, covering the data, few enough to read, and never a fraction on a count axis.</summary>
public sealed class AxisTicksTests
{
    private const long Iterations = 20_000;
    private static readonly Gen<int> Counts = Gen.Frequency((3, Gen.Int[0, 30]), (2, Gen.Int[0, 2_000_000]));
    private static readonly Gen<double> Amounts = Gen.Frequency((2, Gen.Double[0, 10]), (2, Gen.Double[0, 1e12]), (1, Gen.Int[0, 100_000].Select(i => i / 100d)));

    private static bool IsNice(IReadOnlyList<double> ticks)
    {
        var step = ticks[1] - ticks[0];
        var mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        return ticks[0] == 0 && new[] { 1d, 2d, 5d, 10d }.Any(f => Math.Abs(mantissa - f) < 1e-6)
            && ticks.Zip(ticks.Skip(1)).All(p => Math.Abs(p.Second - p.First - step) <= step * 1e-9);
    }

    [Fact]
    public void AnyCount_TicksAreWholeNumbers_CoverTheData_ThreeToEight() =>
        Counts.Sample(max =>
        {
            var ticks = AxisTicks.For(max, wholeNumbers: true);
            return ticks.All(t => t == Math.Floor(t)) && ticks[^1] >= max && ticks.Count is >= 3 and <= 8 && IsNice(ticks);
        }, iter: Iterations);

    [Fact]
    public void AnyAmount_TicksAreNice_CoverTheData_ThreeToEight() =>
        Amounts.Sample(max =>
        {
            var ticks = AxisTicks.For(max, wholeNumbers: false);
            return ticks[^1] >= max && ticks.Count is >= 3 and <= 8 && IsNice(ticks);
        }, iter: Iterations);

    [Fact]
    public void AnyCount_TheTopTickIsWithinOneStepAboveTheData_SoLittleSpaceIsWasted() =>
        Counts.Where(max => max >= 2).Sample(max =>
        {
            var ticks = AxisTicks.For(max, wholeNumbers: true);
            return ticks[^1] - max < ticks[1] - ticks[0];
        }, iter: Iterations);

    [Theory]
    [InlineData(2, new double[] { 0, 1, 2 })] // the case of issue 14: no 0,5 and 1,5 between the counts
    [InlineData(1, new double[] { 0, 1, 2 })]
    [InlineData(0, new double[] { 0, 1, 2 })]
    [InlineData(12, new double[] { 0, 5, 10, 15 })]
    [InlineData(56, new double[] { 0, 20, 40, 60 })]
    [InlineData(1_250_000, new double[] { 0, 500_000, 1_000_000, 1_500_000 })]
    public void Counts_KnownCases(double max, double[] expected) => Assert.Equal(expected, AxisTicks.For(max, wholeNumbers: true));

    [Theory]
    [InlineData(3, new double[] { 0, 1, 2, 3 })]
    [InlineData(0.3, new double[] { 0, 0.1, 0.2, 0.3 })]
    public void Scores_MayHaveFractionalSteps_PrintedWithoutRoundingNoise(double max, double[] expected) =>
        Assert.Equal(expected, AxisTicks.For(max, wholeNumbers: false));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-5)]
    [InlineData(double.Epsilon)]
    public void UnusableMaximum_DrawsAPlainScale(double max)
    {
        Assert.Equal([0, 1, 2], AxisTicks.For(max, wholeNumbers: true));
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1], AxisTicks.For(max, wholeNumbers: false));
    }
}
