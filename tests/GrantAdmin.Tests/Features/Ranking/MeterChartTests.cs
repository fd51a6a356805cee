using System.Globalization;
using GrantAdmin.Tests.Features.Demo;
using GrantAdmin.Web.Features.Ranking;
using Microsoft.Extensions.DependencyInjection;

namespace GrantAdmin.Tests.Features.Ranking;

/// <summary>The public meter's picture, on the demo (closed rounds decided to the ceiling, so every figure is there).</summary>
[Collection(DevelopmentCollection.Name)]
public sealed class MeterChartTests(DevelopmentApp app)
{
    [Fact]
    public async Task PublicMeter_DrawsOneBarGroupPerRound_WithWidthsProportionalToTheFigures()
    {
        var page = await app.Client().GetAsync("/plafond");
        using var scope = app.Services.CreateScope();
        var meter = scope.ServiceProvider.GetRequiredService<CeilingMeter>();
        var rounds = await meter.RoundsAsync(CancellationToken.None);

        var svg = page.Html.QuerySelector("svg#plafond-grafiek")!;
        Assert.Equal("true", svg.GetAttribute("aria-hidden")); // the figures are on the page as text
        var groups = svg.QuerySelectorAll("g.bar-group");
        Assert.Equal(rounds.Select(r => r.Name), groups.Select(g => g.GetAttribute("data-label")));
        var scale = new List<double>();
        foreach (var (group, round) in groups.Zip(rounds))
        {
            var figures = (await meter.ForAsync(round, CancellationToken.None)).Ranking;
            var rects = group.QuerySelectorAll("rect").ToDictionary(r => r.GetAttribute("data-key")!, r =>
                (Value: double.Parse(r.GetAttribute("data-value")!, CultureInfo.InvariantCulture), Width: double.Parse(r.GetAttribute("width")!, CultureInfo.InvariantCulture)));
            Assert.Equal([figures.GrantedCents, figures.ReservedCents, figures.AvailableCents, figures.AwaitingCompletionCents],
                new[] { "granted", "reserved", "available", "awaiting" }.Select(k => (long)rects[k].Value));
            scale.AddRange(rects.Values.Where(r => r.Value > 0).Select(r => r.Width / r.Value));
        }
        Assert.True(scale.Count >= rounds.Count, "every round has at least one figure drawn");
        Assert.All(scale, s => Assert.Equal(scale[0], s, scale[0] * 1e-3));
    }

    [Fact]
    public async Task ClosedRound_FillsItsBarUpToTheCeiling_WithGrants()
    {
        var page = await app.Client().GetAsync("/plafond");

        var rects = page.Html.QuerySelectorAll("svg#plafond-grafiek g.bar-group[data-label='Tijdvak 2023'] rect");
        Assert.Equal("125000000", rects.Single(r => r.GetAttribute("data-key") == "granted").GetAttribute("data-value"));
        Assert.Equal("0", rects.Single(r => r.GetAttribute("data-key") == "available").GetAttribute("data-value"));
    }
}
