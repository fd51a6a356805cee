using System.Text;
using Microsoft.AspNetCore.Html;

namespace GrantAdmin.Web.Features.Programme.Charts;

/// <summary>A vertical bar chart of counts, server-rendered as accessible SVG with its data table. Each bar carries its label and value.</summary>
public static class BarChart
{
    public sealed record Bar(string Label, int Value);

    private const double LabelFontSize = 10, LabelGap = 12;
    // Labels are turned 35° so long names fit under narrow bars; these give the room a turned label takes.
    private static readonly double Sin = Math.Sin(35 * Math.PI / 180), Cos = Math.Cos(35 * Math.PI / 180);

    public static IHtmlContent Render(string id, string title, string description, IReadOnlyList<Bar> bars, string valueName)
    {
        var scale = ChartMarkup.ValueScale.For(bars.Count == 0 ? 0 : bars.Max(b => b.Value), wholeNumbers: true, ChartMarkup.Count, valueName);
        var labelEvery = Math.Max(1, (int)Math.Ceiling(bars.Count / 24.0)); // keep the axis labels readable
        var labelled = bars.Select((b, i) => (b.Label, Index: i)).Where(l => l.Index % labelEvery == 0).ToList();
        var widest = labelled.Count == 0 ? 0 : labelled.Max(l => ChartMarkup.TextWidth(l.Label, LabelFontSize));
        var frame = ChartMarkup.Frame.For(scale, bottom: LabelGap + widest * Sin + LabelFontSize * Cos + 4);
        // A turned label reaches left of its bar; widen the left margin until the leftmost ones fit (the slots shrink as it grows).
        for (var pass = 0; pass < 3 && bars.Count > 0; pass++)
        {
            var slotWidth = frame.PlotWidth / bars.Count;
            var needed = labelled.Max(l => ChartMarkup.TextWidth(l.Label, LabelFontSize) * Cos - (l.Index + 0.5) * slotWidth + 2);
            if (needed <= frame.Left) break;
            frame = frame with { Left = Math.Ceiling(needed) };
        }

        var svg = new StringBuilder();
        ChartMarkup.ValueAxis(svg, frame);
        var slot = bars.Count == 0 ? 0 : frame.PlotWidth / bars.Count;
        var barWidth = Math.Max(1, slot * 0.7);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var x = frame.Left + i * slot + (slot - barWidth) / 2;
            var y = frame.Y(bar.Value);
            svg.Append($"""<rect class="bar" x="{ChartMarkup.Number(x)}" y="{ChartMarkup.Number(y)}" width="{ChartMarkup.Number(barWidth)}" height="{ChartMarkup.Number(frame.Baseline - y)}" fill="{ChartMarkup.Palette[0]}" data-label="{ChartMarkup.Encode(bar.Label)}" data-value="{bar.Value}"><title>{ChartMarkup.Encode($"{bar.Label}: {ChartMarkup.Count(bar.Value)}")}</title></rect>""");
            if (i % labelEvery == 0)
            {
                var cx = ChartMarkup.Number(x + barWidth / 2);
                var ly = ChartMarkup.Number(frame.Baseline + LabelGap);
                svg.Append($"""<text class="label" x="{cx}" y="{ly}" text-anchor="end" font-size="{ChartMarkup.Number(LabelFontSize)}" transform="rotate(-35 {cx} {ly})">{ChartMarkup.Encode(bar.Label)}</text>""");
            }
        }
        return ChartMarkup.Figure(id, title, description, frame, svg.ToString(), ["", valueName],
            bars.Select(b => (IReadOnlyList<string>)[b.Label, ChartMarkup.Count(b.Value)]));
    }
}
