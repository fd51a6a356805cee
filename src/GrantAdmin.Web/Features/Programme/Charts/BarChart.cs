using System.Text;
using Microsoft.AspNetCore.Html;

namespace GrantAdmin.Web.Features.Programme.Charts;

/// <summary>A vertical bar chart, server-rendered as accessible SVG with its data table. Each bar carries its label and value.</summary>
public static class BarChart
{
    public sealed record Bar(string Label, double Value);

    public static IHtmlContent Render(string id, string title, string description, IReadOnlyList<Bar> bars, string valueName,
        Func<double, string>? format = null)
    {
        format ??= ChartMarkup.Number;
        var max = ChartMarkup.NiceMax(bars.Count == 0 ? 0 : bars.Max(b => b.Value));
        var svg = new StringBuilder();
        ChartMarkup.ValueAxis(svg, max, format);
        var slot = bars.Count == 0 ? 0 : (double)ChartMarkup.PlotWidth / bars.Count;
        var barWidth = Math.Max(1, slot * 0.7);
        var labelEvery = Math.Max(1, (int)Math.Ceiling(bars.Count / 24.0)); // keep the axis labels readable
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var x = ChartMarkup.Left + i * slot + (slot - barWidth) / 2;
            var y = ChartMarkup.Y(bar.Value, max);
            var height = ChartMarkup.Top + ChartMarkup.PlotHeight - y;
            svg.Append($"""<rect class="bar" x="{ChartMarkup.Number(x)}" y="{ChartMarkup.Number(y)}" width="{ChartMarkup.Number(barWidth)}" height="{ChartMarkup.Number(height)}" fill="{ChartMarkup.Palette[0]}" data-label="{ChartMarkup.Encode(bar.Label)}" data-value="{ChartMarkup.Number(bar.Value)}"><title>{ChartMarkup.Encode($"{bar.Label}: {format(bar.Value)}")}</title></rect>""");
            if (i % labelEvery == 0)
            {
                var cx = ChartMarkup.Number(x + barWidth / 2);
                var ly = ChartMarkup.Top + ChartMarkup.PlotHeight + 12;
                svg.Append($"""<text x="{cx}" y="{ly}" text-anchor="end" font-size="10" transform="rotate(-35 {cx} {ly})">{ChartMarkup.Encode(bar.Label)}</text>""");
            }
        }
        return ChartMarkup.Figure(id, title, description, svg.ToString(), ["", valueName],
            bars.Select(b => (IReadOnlyList<string>)[b.Label, format(b.Value)]));
    }
}
