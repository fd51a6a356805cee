using System.Globalization;
using System.Text.Encodings.Web;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Programme.Charts;
using Microsoft.AspNetCore.Html;

namespace GrantAdmin.Tests.Features.Programme.Charts;

/// <summary>
/// The overview's charts as drawn (issue 14 §10): a visible title, a titled value axis with whole ticks for counts and Dutch
/// money notation, and every label inside the drawing, however long (estimated with the same generous width as the layout).
/// </summary>
public sealed class ChartLayoutTests
{
    private static double Attr(IElement e, string name) => double.Parse(e.GetAttribute(name)!, CultureInfo.InvariantCulture);

    private static IElement Figure(IHtmlContent content)
    {
        using var writer = new StringWriter();
        content.WriteTo(writer, HtmlEncoder.Default);
        return new HtmlParser().ParseDocument("<body>" + writer + "</body>").QuerySelector("figure")!;
    }

    private static (double Width, double Height) Size(IElement figure)
    {
        var box = figure.QuerySelector("svg")!.GetAttribute("viewBox")!.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (box[2], box[3]);
    }

    private static IReadOnlyList<string> Ticks(IElement figure) => figure.QuerySelectorAll("text.tick").Select(t => t.TextContent).ToList();

    private static IElement Bars(params (string Label, int Value)[] bars) =>
        Figure(BarChart.Render("b", "Aanvragen per dag", "Beschrijving", bars.Select(b => new BarChart.Bar(b.Label, b.Value)).ToList(), "Aantal aanvragen"));

    private static IElement Money(params long[] cents) =>
        Figure(TimeSeriesChart.Render("m", "Plafond", "Beschrijving", "Bedrag in euro's",
            [new("Plafond", cents.Select((c, i) => new TimeSeriesChart.Point(new DateOnly(2023, 1, 1).AddDays(i), c / 100d)).ToList())],
            v => GrantAdmin.Web.Infrastructure.Money.AxisEuros((long)Math.Round(v * 100)), wholeNumbers: true));

    [Fact]
    public void Figure_HasItsTitleAsCaption_ItsDescription_AndTheSvgLabelledByBoth()
    {
        var figure = Bars(("1 jan 2023", 1));

        Assert.Equal("figcaption", figure.FirstElementChild!.LocalName);
        Assert.Equal("Aanvragen per dag", figure.FirstElementChild.TextContent);
        Assert.Equal("Beschrijving", figure.QuerySelector("p.hint")!.TextContent);
        Assert.Equal("b-title b-desc", figure.QuerySelector("svg")!.GetAttribute("aria-labelledby"));
        Assert.Equal("Aantal aanvragen", figure.QuerySelector("text.axis-title")!.TextContent);
        Assert.NotNull(figure.QuerySelector("details table[data-chart-table=b]"));
    }

    [Fact]
    public void CountAxis_OfOneAndTwo_HasNoHalves() =>
        Assert.Equal(["0", "1", "2"], Ticks(Bars(("1 jan 2023", 1), ("2 jan 2023", 2))));

    [Fact]
    public void CountAxis_UsesDutchThousands() =>
        Assert.Equal(["0", "500", "1.000", "1.500"], Ticks(Bars(("Groot", 1_234))));

    [Fact]
    public void MoneyAxis_InDutchNotation_AndEveryTickLabelFitsLeftOfThePlot()
    {
        var figure = Money(125_000_000, 125_000_000);

        Assert.Equal(["€ 0", "€ 500.000", "€ 1.000.000", "€ 1.500.000"], Ticks(figure));
        Assert.All(figure.QuerySelectorAll("text.tick"), t => Assert.True(Attr(t, "x") - ChartMarkup.TextWidth(t.TextContent) >= 0, t.TextContent));
    }

    [Fact]
    public void TurnedBarLabels_StayInsideTheDrawing_HoweverLong()
    {
        var figure = Bars(("Súdwest-Fryslân en Nuenen, Gerwen en Nederwetten", 3), ("Utrecht", 1), ("'s-Gravenhage", 0));
        var (width, height) = Size(figure);
        var (sin, cos) = (Math.Sin(35 * Math.PI / 180), Math.Cos(35 * Math.PI / 180));

        foreach (var label in figure.QuerySelectorAll("text.label"))
        {
            var length = ChartMarkup.TextWidth(label.TextContent, Attr(label, "font-size"));
            Assert.True(Attr(label, "x") - length * cos >= 0, $"{label.TextContent} runs off the left edge");
            Assert.True(Attr(label, "y") + length * sin + Attr(label, "font-size") <= height, $"{label.TextContent} runs off the bottom");
            Assert.True(Attr(label, "x") <= width);
        }
    }

    [Fact]
    public void Legend_WrapsInsideTheDrawing_WithManyLongNames()
    {
        var names = Enumerable.Range(1, 7).Select(i => $"Lichting {i} — november 2018 (demo)").ToList();
        var figure = Figure(TimeSeriesChart.Render("l", "Scores", "Beschrijving", "Gemiddelde score",
            names.Select(n => new TimeSeriesChart.Series(n, [new(new DateOnly(2022, 1, 1), 1.5)])).ToList(),
            v => v.ToString("0.00", CultureInfo.InvariantCulture), wholeNumbers: false, fixedMax: 3));
        var (width, height) = Size(figure);

        var legend = figure.QuerySelectorAll("rect.legend").Select(r => r.NextElementSibling!).ToList();
        Assert.Equal(names, legend.Select(t => t.TextContent));
        Assert.All(legend, t => Assert.True(Attr(t, "x") + ChartMarkup.TextWidth(t.TextContent) <= width && Attr(t, "y") <= height, t.TextContent));
        Assert.True(legend.Select(t => Attr(t, "y")).Distinct().Count() > 1, "seven long names need more than one row");
        Assert.Equal(["0,00", "1,00", "2,00", "3,00"], Ticks(figure).Select(t => t.Replace('.', ',')));
    }
}
