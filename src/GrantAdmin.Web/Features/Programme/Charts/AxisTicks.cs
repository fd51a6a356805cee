namespace GrantAdmin.Web.Features.Programme.Charts;

/// <summary>
/// The value axis of a chart: ticks from 0 at a "nice" step (1, 2 or 5 times a power of ten), so a reader can
/// interpolate by eye. Counts never get a fractional step: half an application does not exist, so "0,5" on a count
/// axis only confuses. Pure, so the invariants (whole numbers for counts, the data covered, 3 to 7 ticks) are tested.
/// </summary>
public static class AxisTicks
{
    /// <summary>At most this many intervals (so at most 6 ticks, one more when rounding tips the top over).</summary>
    public const int MaxIntervals = 5;

    /// <summary>At least two intervals, so even an axis for a single value reads as a scale.</summary>
    public const int MinIntervals = 2;

    private static readonly double[] Factors = [1, 2, 5, 10];

    /// <summary>Ticks from 0 up to the first tick at or above <paramref name="max"/>; an empty, negative or unusable max draws 0..1 (0..2 for counts).</summary>
    public static IReadOnlyList<double> For(double max, bool wholeNumbers)
    {
        // Below a billionth there is nothing to show on any of our axes, and the logarithm below would underflow.
        if (!double.IsFinite(max) || max < 1e-9) max = 1;
        var step = Step(max / MaxIntervals, wholeNumbers);
        var intervals = Math.Max(MinIntervals, (int)Math.Ceiling(max / step));
        // A fractional step is multiplied in decimal, so 3 × 0.1 is 0.3 and not 0.30000000000000004; whole steps are exact in double.
        return Enumerable.Range(0, intervals + 1).Select(i => step >= 1 ? i * step : (double)(i * (decimal)step)).ToList();
    }

    /// <summary>The smallest nice step at least <paramref name="rough"/>; for counts at least 1 (1, 2 and 5 × 10^k with k ≥ 0 are whole).</summary>
    private static double Step(double rough, bool wholeNumbers)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = Factors.Select(f => f * magnitude).First(s => s >= rough * (1 - 1e-12));
        return wholeNumbers ? Math.Max(1, step) : step;
    }
}
