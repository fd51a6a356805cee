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

    public static IHtmlContent Render(string id, string title, string description, IReadOnlyList<Series> series,
        Func<double, string>? format = null, double? fixedMax = null)
    {
        format ??= ChartMarkup.Number;
        var all = series.SelectMany(s => s.Points).ToList();
        var max = fixedMax ?? ChartMarkup.NiceMax(all.Count == 0 ? 0 : all.Max(p => p.Value));
        var first = all.Count == 0 ? DateOnly.MinValue : all.Min(p => p.Day);
        var last = all.Count == 0 ? DateOnly.MinValue : all.Max(p => p.Day);
        var span = Math.Max(1, last.DayNumber - first.DayNumber);
        double X(DateOnly day) => ChartMarkup.Left + (double)(day.DayNumber - first.DayNumber) / span * ChartMarkup.PlotWidth;

        var svg = new StringBuilder();
        ChartMarkup.ValueAxis(svg, max, format);
        var axisY = ChartMarkup.Top + ChartMarkup.PlotHeight + 14;
        if (all.Count > 0)
        {
            svg.Append($"""<text x="{ChartMarkup.Left}" y="{axisY}" font-size="11">{ChartMarkup.Encode(Amsterdam.FormatDate(first))}</text>""");
            if (last != first)
                svg.Append($"""<text x="{ChartMarkup.Width - ChartMarkup.Right}" y="{axisY}" text-anchor="end" font-size="11">{ChartMarkup.Encode(Amsterdam.FormatDate(last))}</text>""");
        }
        for (var s = 0; s < series.Count; s++)
        {
            var colour = ChartMarkup.Palette[s % ChartMarkup.Palette.Length];
            var points = series[s].Points.OrderBy(p => p.Day).ToList();
            var name = ChartMarkup.Encode(series[s].Name);
            svg.Append($"""<g class="series" data-series="{name}">""");
            if (points.Count > 1)
                svg.Append($"""<polyline fill="none" stroke="{colour}" stroke-width="2" points="{string.Join(' ', points.Select(p => $"{ChartMarkup.Number(X(p.Day))},{ChartMarkup.Number(ChartMarkup.Y(p.Value, max))}"))}"/>""");
            foreach (var p in points)
                svg.Append($"""<circle class="point" cx="{ChartMarkup.Number(X(p.Day))}" cy="{ChartMarkup.Number(ChartMarkup.Y(p.Value, max))}" r="3" fill="{colour}" data-day="{p.Day:yyyy-MM-dd}" data-value="{ChartMarkup.Number(p.Value)}"><title>{name}, {ChartMarkup.Encode(Amsterdam.FormatDate(p.Day))}: {ChartMarkup.Encode(format(p.Value))}</title></circle>""");
            // legend
            var ly = ChartMarkup.Height - 8;
            var lx = ChartMarkup.Left + s * 150;
            svg.Append($"""<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{colour}"/><text x="{lx + 14}" y="{ly}" font-size="11">{name}</text>""");
            svg.Append("</g>");
        }
        var days = all.Select(p => p.Day).Distinct().Order().ToList();
        var lookup = series.Select(s => s.Points.GroupBy(p => p.Day).ToDictionary(g => g.Key, g => g.Last().Value)).ToList();
        return ChartMarkup.Figure(id, title, description, svg.ToString(), ["Datum", .. series.Select(s => s.Name)],
            days.Select(d => (IReadOnlyList<string>)[Amsterdam.FormatDate(d), .. lookup.Select(l => l.TryGetValue(d, out var v) ? format(v) : "")]));
    }
}
