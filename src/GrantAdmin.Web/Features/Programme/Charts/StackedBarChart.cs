using System.Text;
using Microsoft.AspNetCore.Html;

namespace GrantAdmin.Web.Features.Programme.Charts;

/// <summary>
/// Horizontal bars on one scale, one group per row, each bar a stack of segments, with a legend of the segments. For a
/// page that states every figure as text beside the picture: the SVG is hidden from screen readers (aria-hidden) rather
/// than read out twice, and carries no table of its own.
/// </summary>
public static class StackedBarChart
{
    public sealed record Segment(string Key, double Value);

    /// <summary>A row: its label and its bars, the first full height, the ones after it thinner (a figure beside the main stack).</summary>
    public sealed record Row(string Label, IReadOnlyList<IReadOnlyList<Segment>> Bars);

    private const int LegendHeight = 28, LabelHeight = 18, BarHeight = 22, ThinBarHeight = 10, Gap = 4, RowGap = 16;

    /// <param name="legend">Each segment key with its label, in the order of the colours.</param>
    public static IHtmlContent Render(string id, IReadOnlyList<(string Key, string Label)> legend, IReadOnlyList<Row> rows, Func<double, string> format)
    {
        var colour = legend.Select((l, i) => (l.Key, Colour: ChartMarkup.Palette[i % ChartMarkup.Palette.Length])).ToDictionary(l => l.Key, l => l.Colour);
        var labels = legend.ToDictionary(l => l.Key, l => l.Label);
        var max = rows.SelectMany(r => r.Bars).Select(b => b.Sum(s => Math.Max(0, s.Value))).DefaultIfEmpty(0).Max();
        double Width(double value) => max <= 0 ? 0 : Math.Max(0, value) / max * (ChartMarkup.Width - 2);

        var svg = new StringBuilder();
        var x = 0.0;
        foreach (var (key, label) in legend)
        {
            svg.Append($"""<rect x="{ChartMarkup.Number(x)}" y="4" width="12" height="12" fill="{colour[key]}"/>""");
            svg.Append($"""<text x="{ChartMarkup.Number(x + 16)}" y="14" font-size="12">{ChartMarkup.Encode(label)}</text>""");
            x += 24 + label.Length * 6.5;
        }
        var y = (double)LegendHeight;
        foreach (var row in rows)
        {
            svg.Append($"""<g class="bar-group" data-label="{ChartMarkup.Encode(row.Label)}">""");
            svg.Append($"""<text x="0" y="{ChartMarkup.Number(y + 13)}" font-size="13" font-weight="bold">{ChartMarkup.Encode(row.Label)}</text>""");
            y += LabelHeight;
            foreach (var (bar, index) in row.Bars.Select((b, i) => (b, i)))
            {
                var height = index == 0 ? BarHeight : ThinBarHeight;
                var left = 1.0;
                foreach (var segment in bar)
                {
                    var width = Width(segment.Value);
                    svg.Append($"""<rect x="{ChartMarkup.Number(left)}" y="{ChartMarkup.Number(y)}" width="{ChartMarkup.Number(width)}" height="{height}" fill="{colour[segment.Key]}" stroke="#ffffff" stroke-width="1" data-key="{ChartMarkup.Encode(segment.Key)}" data-value="{ChartMarkup.Number(segment.Value)}"><title>{ChartMarkup.Encode($"{labels[segment.Key]}: {format(segment.Value)}")}</title></rect>""");
                    left += width;
                }
                y += height + Gap;
            }
            svg.Append("</g>");
            y += RowGap;
        }
        return new HtmlString($"""<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{ChartMarkup.Encode(id)}" aria-hidden="true" focusable="false" viewBox="0 0 {ChartMarkup.Width} {ChartMarkup.Number(y)}" width="100%">{svg}</svg>""");
    }
}
