using System.Text;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Html;

namespace GrantAdmin.Web.Features.Programme.Charts;

/// <summary>
/// Several series of values over calendar days (a burn-up: ceiling, granted, reserved; or mean scores per cohort), as
/// step-free lines with a marked point per value, server-rendered as accessible SVG with its data table.
/// </summary>
public static class TimeSeriesChart
{
    public sealed record Point(DateOnly Day, double Value);

    public sealed record Series(string Name, IReadOnlyList<Point> Points);

    private const double DateRow = 16, LegendRow = 18, Swatch = 10;

    /// <param name="wholeNumbers">Counts and whole euros: the axis never shows a fractional tick.</param>
    /// <param name="fixedMax">The top of a bounded scale (a score of 0 to 3), instead of the data's maximum.</param>
    public static IHtmlContent Render(string id, string title, string description, string axisTitle, IReadOnlyList<Series> series,
        Func<double, string> format, bool wholeNumbers, double? fixedMax = null)
    {
        var all = series.SelectMany(s => s.Points).ToList();
        var scale = ChartMarkup.ValueScale.For(fixedMax ?? (all.Count == 0 ? 0 : all.Max(p => p.Value)), wholeNumbers, format, axisTitle);
        var legend = Legend(series.Select(s => s.Name).ToList());
        var frame = ChartMarkup.Frame.For(scale, bottom: DateRow + 8 + (legend.Count == 0 ? 0 : legend.Max(l => l.Row) + 1) * LegendRow);
        var first = all.Count == 0 ? DateOnly.MinValue : all.Min(p => p.Day);
        var last = all.Count == 0 ? DateOnly.MinValue : all.Max(p => p.Day);
        var span = Math.Max(1, last.DayNumber - first.DayNumber);
        double X(DateOnly day) => frame.Left + (double)(day.DayNumber - first.DayNumber) / span * frame.PlotWidth;

        var svg = new StringBuilder();
        ChartMarkup.ValueAxis(svg, frame);
        var dateY = ChartMarkup.Number(frame.Baseline + DateRow);
        if (all.Count > 0)
        {
            svg.Append($"""<text x="{ChartMarkup.Number(frame.Left)}" y="{dateY}" font-size="{ChartMarkup.Number(ChartMarkup.FontSize)}">{ChartMarkup.Encode(Amsterdam.FormatDate(first))}</text>""");
            if (last != first)
                svg.Append($"""<text x="{ChartMarkup.Width - ChartMarkup.Right}" y="{dateY}" text-anchor="end" font-size="{ChartMarkup.Number(ChartMarkup.FontSize)}">{ChartMarkup.Encode(Amsterdam.FormatDate(last))}</text>""");
        }
        for (var s = 0; s < series.Count; s++)
        {
            var colour = ChartMarkup.Palette[s % ChartMarkup.Palette.Length];
            var points = series[s].Points.OrderBy(p => p.Day).ToList();
            var name = ChartMarkup.Encode(series[s].Name);
            svg.Append($"""<g class="series" data-series="{name}">""");
            if (points.Count > 1)
                svg.Append($"""<polyline fill="none" stroke="{colour}" stroke-width="2" points="{string.Join(' ', points.Select(p => $"{ChartMarkup.Number(X(p.Day))},{ChartMarkup.Number(frame.Y(p.Value))}"))}"/>""");
            foreach (var p in points)
                svg.Append($"""<circle class="point" cx="{ChartMarkup.Number(X(p.Day))}" cy="{ChartMarkup.Number(frame.Y(p.Value))}" r="3" fill="{colour}" data-day="{p.Day:yyyy-MM-dd}" data-value="{ChartMarkup.Number(p.Value)}"><title>{name}, {ChartMarkup.Encode(Amsterdam.FormatDate(p.Day))}: {ChartMarkup.Encode(format(p.Value))}</title></circle>""");
            var (lx, row) = (legend[s].X, legend[s].Row);
            var ly = frame.Baseline + DateRow + 8 + (row + 1) * LegendRow - 4;
            svg.Append($"""<rect class="legend" x="{ChartMarkup.Number(lx)}" y="{ChartMarkup.Number(ly - Swatch + 1)}" width="{Swatch}" height="{Swatch}" fill="{colour}"/><text x="{ChartMarkup.Number(lx + Swatch + 4)}" y="{ChartMarkup.Number(ly)}" font-size="{ChartMarkup.Number(ChartMarkup.FontSize)}">{name}</text>""");
            svg.Append("</g>");
        }
        var days = all.Select(p => p.Day).Distinct().Order().ToList();
        var lookup = series.Select(s => s.Points.GroupBy(p => p.Day).ToDictionary(g => g.Key, g => g.Last().Value)).ToList();
        return ChartMarkup.Figure(id, title, description, frame, svg.ToString(), ["Datum", .. series.Select(s => s.Name)],
            days.Select(d => (IReadOnlyList<string>)[Amsterdam.FormatDate(d), .. lookup.Select(l => l.TryGetValue(d, out var v) ? format(v) : "")]));
    }

    /// <summary>The legend's entries, side by side as far as the drawing is wide, then on the next row: none runs off the edge.</summary>
    private static IReadOnlyList<(double X, int Row)> Legend(IReadOnlyList<string> names)
    {
        var entries = new List<(double X, int Row)>();
        var (x, row) = (0d, 0);
        foreach (var name in names)
        {
            var width = Swatch + 4 + ChartMarkup.TextWidth(name);
            if (x > 0 && x + width > ChartMarkup.Width - ChartMarkup.Right) (x, row) = (0, row + 1);
            entries.Add((x, row));
            x += width + 20;
        }
        return entries;
    }
}
