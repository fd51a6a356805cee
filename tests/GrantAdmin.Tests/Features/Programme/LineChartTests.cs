using AngleSharp.Html.Parser;
using GrantAdmin.Web.Features.Programme.Charts;

namespace GrantAdmin.Tests.Features.Programme;

public sealed class LineChartTests
{
    private static readonly DateOnly D1 = new(2020, 1, 1), D2 = new(2020, 7, 1), D3 = new(2021, 1, 1);

    private static LineChart Chart(params ChartSeries[] series) => new("t", "Titel <&>", "Beschrijving", series, 0, 3, 1, "Score");

    private static AngleSharp.Dom.IElement Svg(LineChart chart) =>
        new HtmlParser().ParseDocument("<body>" + SvgLineChart.Render(chart) + "</body>").QuerySelector("svg")!;

    [Fact]
    public void Svg_IsAnImageNamedByItsTitleAndDescription()
    {
        var svg = Svg(Chart(new ChartSeries("Vindbaar", [new(D1, 1)])));

        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("t-title t-desc", svg.GetAttribute("aria-labelledby"));
        Assert.Equal("Titel <&>", svg.QuerySelector("title#t-title")!.TextContent);
        Assert.Equal("Beschrijving", svg.QuerySelector("desc#t-desc")!.TextContent);
        Assert.Null(svg.GetAttribute("style"));
        Assert.Empty(svg.QuerySelectorAll("script, style, [style]"));
    }

    [Fact]
    public void EveryPoint_IsDrawnWithItsDateAndValue_LowerOnTheScreenForALowerScore()
    {
        var chart = Chart(new ChartSeries("Vindbaar", [new(D3, 3), new(D1, 0), new(D2, 1.5)]), new ChartSeries("Gratis", [new(D2, 2)]));

        var svg = Svg(chart);

        var vindbaar = svg.QuerySelectorAll("g[data-series='Vindbaar'] circle").ToList();
        Assert.Equal(["2020-01-01", "2020-07-01", "2021-01-01"], vindbaar.Select(c => c.GetAttribute("data-x")));
        Assert.Equal(["0", "1.5", "3"], vindbaar.Select(c => c.GetAttribute("data-y")));
        var xs = vindbaar.Select(c => double.Parse(c.GetAttribute("cx")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var ys = vindbaar.Select(c => double.Parse(c.GetAttribute("cy")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(xs[0] < xs[1] && xs[1] < xs[2], "dates run left to right");
        Assert.True(ys[0] > ys[1] && ys[1] > ys[2], "higher scores are higher up");
        Assert.Equal(Math.Round((ys[0] + ys[2]) / 2, 2), ys[1], 1);
        Assert.Equal(3, svg.QuerySelector("g[data-series='Vindbaar'] polyline")!.GetAttribute("points")!.Split(' ').Length);
        Assert.Single(svg.QuerySelectorAll("g[data-series='Gratis'] circle"));
        Assert.Null(svg.QuerySelector("g[data-series='Gratis'] polyline"));
        Assert.Equal("Vindbaar, 1 jul 2020: 1,5", vindbaar[1].QuerySelector("title")!.TextContent);
    }

    [Fact]
    public void OneDate_IsDrawnInTheMiddle_ValuesOutsideTheScaleStayInside()
    {
        var chart = Chart(new ChartSeries("Vindbaar", [new(D1, 7)]));

        var (x, y) = SvgLineChart.Position(chart, chart.Series[0].Points[0]);
        var (_, top) = SvgLineChart.Position(chart, new ChartPoint(D1, 3));

        Assert.True(x > 0 && x < SvgLineChart.Width);
        Assert.Equal(top, y);
    }
}
