using CsCheck;
using GrantAdmin.Web.Features.Programme.Progress;
using static GrantAdmin.Web.Features.Programme.Progress.ChecklistRules;

namespace GrantAdmin.Tests.Features.Programme;

public sealed class ChecklistRulesTests
{
    private static MeasurementForm Form(string? date, Func<ChecklistPoint, string?> score) =>
        new(date, Points.ToDictionary(p => p, p => (score(p), (string?)null)));

    [Fact]
    public void TheSevenPoints_OfIederIn()
    {
        Assert.Equal(["Vindbaar", "Onafhankelijk", "Gratis", "Levensbreed", "Deskundig", "Vrije keuze van ondersteuner", "Ondersteuning bij alle stappen"],
            Points.Select(Label));
    }

    [Theory]
    [InlineData(-1, false), InlineData(0, true), InlineData(1, true), InlineData(2, true), InlineData(3, true), InlineData(4, false), InlineData(int.MaxValue, false), InlineData(int.MinValue, false)]
    public void Score_IsZeroToThree(int score, bool valid) => Assert.Equal(valid, IsValidScore(score));

    [Theory]
    [InlineData("4"), InlineData("-1"), InlineData("2.0"), InlineData("1,5"), InlineData("twee"), InlineData(""), InlineData(null), InlineData("+2")]
    public void AScoreThatIsNotZeroToThree_IsRefusedAtItsPoint(string? score)
    {
        var (measurement, errors) = Check(Form("2021-03-01", p => p == ChecklistPoint.Gratis ? score : "2"));

        Assert.Null(measurement);
        Assert.Equal("Kies een score van 0 tot en met 3 voor ‘Gratis’.", errors[ScoreField(ChecklistPoint.Gratis)]);
        Assert.Single(errors);
    }

    [Fact]
    public void AMeasurement_NeedsItsDate()
    {
        var (_, errors) = Check(Form(null, _ => "1"));
        Assert.Equal("Vul de meetdatum in.", errors[nameof(MeasurementForm.MeasuredOn)]);
    }

    [Fact]
    public void AnyValidScores_AreKeptAsGiven() =>
        Gen.Int[0, 3].Array[7].Sample(scores =>
        {
            var (measurement, errors) = Check(Form("2021-03-01", p => scores[(int)p].ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return errors.None && measurement!.Scores.Select(s => s.Value).SequenceEqual(scores);
        });

    [Fact]
    public void AnyScoreOutsideZeroToThree_IsRefused() =>
        Gen.Int.Where(i => i is < 0 or > 3).Sample(i =>
            !Check(Form("2021-03-01", _ => i.ToString(System.Globalization.CultureInfo.InvariantCulture))).Errors.None);

    [Fact]
    public void Distribution_CountsEachParticipantOnceAtItsLatestMeasurement()
    {
        var d1 = new DateOnly(2020, 1, 1);
        var d2 = new DateOnly(2021, 1, 1);
        var scores = new[]
        {
            new Scored(1, d1, ChecklistPoint.Vindbaar, 0), new Scored(1, d2, ChecklistPoint.Vindbaar, 3),
            new Scored(2, d2, ChecklistPoint.Vindbaar, 1), new Scored(2, d1, ChecklistPoint.Vindbaar, 2),
            new Scored(3, d1, ChecklistPoint.Vindbaar, 3),
        };

        var vindbaar = Distribution(scores).Single(d => d.Point == ChecklistPoint.Vindbaar);

        Assert.Equal([0, 1, 0, 2], vindbaar.Counts);
        Assert.Equal(3, vindbaar.Total);
        Assert.All(Distribution(scores).Where(d => d.Point != ChecklistPoint.Vindbaar), d => Assert.Equal(0, d.Total));
    }

    private static readonly Gen<Scored[]> AnyScores =
        Gen.Select(Gen.Int[1, 12], Gen.DateOnly[new DateOnly(2019, 1, 1), new DateOnly(2023, 12, 31)], Gen.Enum<ChecklistPoint>(), Gen.Int[0, 3])
            .Select((p, d, point, s) => new Scored(p, d, point, s)).Array[0, 80];

    [Fact]
    public void AnyScores_DistributionCountsSumToTheParticipantsMeasuredOnThatPoint() =>
        AnyScores.Sample(scores => Distribution(scores).All(d =>
            d.Total == scores.Where(s => s.Point == d.Point).Select(s => s.ParticipantId).Distinct().Count()
            && d.Counts.Count == 4 && d.Counts.All(c => c >= 0)));

    [Fact]
    public void AnyScores_MeansStayWithinZeroToThree_DatesAscending() =>
        AnyScores.Sample(scores => MeanPerDate(scores).Values.All(line =>
            line.All(v => v.Mean is >= 0 and <= 3) && line.Select(v => v.Day).SequenceEqual(line.Select(v => v.Day).Order())));

    [Fact]
    public void MeanPerDate_AveragesAllMeasurementsOfThatDay()
    {
        var d = new DateOnly(2020, 1, 1);
        var means = MeanPerDate([new Scored(1, d, ChecklistPoint.Gratis, 1), new Scored(2, d, ChecklistPoint.Gratis, 2), new Scored(3, d.AddDays(1), ChecklistPoint.Gratis, 3)]);

        Assert.Equal([(d, 1.5), (d.AddDays(1), 3.0)], means[ChecklistPoint.Gratis]);
        Assert.Empty(means[ChecklistPoint.Vindbaar]);
    }
}
