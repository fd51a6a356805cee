using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Progress;

/// <summary>The seven points of the Ieder(in) checklist, in the order Ieder(in) gives them.</summary>
public enum ChecklistPoint { Vindbaar, Onafhankelijk, Gratis, Levensbreed, Deskundig, VrijeKeuze, AlleStappen }

/// <summary>Scoring the Ieder(in) checklist 0–3 per measurement date, and what a cohort's scores add up to.</summary>
public static class ChecklistRules
{
    public const int MinScore = 0;
    public const int MaxScore = 3;
    public static readonly IReadOnlyList<ChecklistPoint> Points = Enum.GetValues<ChecklistPoint>();

    public static string Label(ChecklistPoint point) => point switch
    {
        ChecklistPoint.Vindbaar => "Vindbaar",
        ChecklistPoint.Onafhankelijk => "Onafhankelijk",
        ChecklistPoint.Gratis => "Gratis",
        ChecklistPoint.Levensbreed => "Levensbreed",
        ChecklistPoint.Deskundig => "Deskundig",
        ChecklistPoint.VrijeKeuze => "Vrije keuze van ondersteuner",
        ChecklistPoint.AlleStappen => "Ondersteuning bij alle stappen",
        _ => point.ToString(),
    };

    public static string ScoreField(ChecklistPoint point) => "Score-" + point;
    public static string RemarkField(ChecklistPoint point) => "Remark-" + point;

    /// <summary>The measurement form's fields as the page shows them, for its error summary.</summary>
    public static readonly IReadOnlyList<string> FieldOrder =
        [nameof(MeasurementForm.MeasuredOn), .. Points.SelectMany(p => new[] { ScoreField(p), RemarkField(p) })];

    public static bool IsValidScore(int score) => score is >= MinScore and <= MaxScore;

    /// <summary>What the form posts: the date and, per point, the score and remark as typed.</summary>
    public sealed record MeasurementForm(string? MeasuredOn, IReadOnlyDictionary<ChecklistPoint, (string? Score, string? Remark)> Points)
    {
        public static MeasurementForm Empty => new(null, new Dictionary<ChecklistPoint, (string?, string?)>());
        public string? ScoreOf(ChecklistPoint p) => Points.TryGetValue(p, out var v) ? v.Score : null;
        public string? RemarkOf(ChecklistPoint p) => Points.TryGetValue(p, out var v) ? v.Remark : null;
    }

    public sealed record Score(ChecklistPoint Point, int Value, string? Remark);
    public sealed record Measurement(DateOnly MeasuredOn, IReadOnlyList<Score> Scores);

    /// <summary>Every point needs a score 0, 1, 2 or 3; the remark is free.</summary>
    public static (Measurement? Measurement, Errors Errors) Check(MeasurementForm form)
    {
        var errors = new Errors();
        var day = ProgrammeInput.Date(form.MeasuredOn, nameof(MeasurementForm.MeasuredOn), "meetdatum", errors);
        var scores = new List<Score>();
        foreach (var point in Points)
        {
            var text = ProgrammeInput.Text(form.ScoreOf(point));
            var valid = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && IsValidScore(value);
            errors.Add(ScoreField(point), $"Kies een score van 0 tot en met 3 voor ‘{Label(point)}’.", !valid);
            var remark = ProgrammeInput.Text(form.RemarkOf(point));
            errors.Add(RemarkField(point), $"Maak de toelichting bij ‘{Label(point)}’ korter: hoogstens {ProgressRules.MaxText} tekens.", remark?.Length > ProgressRules.MaxText);
            if (valid) scores.Add(new Score(point, value, remark));
        }
        return errors.None ? (new Measurement(day!.Value, scores), errors) : (null, errors);
    }

    public static string AlreadyMeasured(DateOnly day) =>
        $"Op {Amsterdam.FormatDate(day)} is voor deze deelnemer al gemeten: kies een andere meetdatum.";

    /// <summary>One score of one participant at one measurement date.</summary>
    public sealed record Scored(int ParticipantId, DateOnly MeasuredOn, ChecklistPoint Point, int Score);

    /// <summary>Per point, how many participants scored 0, 1, 2 and 3 at their latest measurement (index = score).</summary>
    public sealed record PointDistribution(ChecklistPoint Point, IReadOnlyList<int> Counts)
    {
        public int Total => Counts.Sum();
    }

    /// <summary>
    /// The cohort's distribution: each participant counts once per point, with the score of its latest measurement
    /// that scored that point. Invalid scores (outside 0–3) are not counted.
    /// </summary>
    public static IReadOnlyList<PointDistribution> Distribution(IEnumerable<Scored> scores)
    {
        var latest = scores.Where(s => IsValidScore(s.Score))
            .GroupBy(s => (s.ParticipantId, s.Point))
            .Select(g => g.MaxBy(s => s.MeasuredOn)!)
            .ToList();
        return Points.Select(point =>
        {
            var counts = new int[MaxScore + 1];
            foreach (var s in latest.Where(s => s.Point == point)) counts[s.Score]++;
            return new PointDistribution(point, counts);
        }).ToList();
    }

    /// <summary>Per point, the mean score of all measurements on each date, dates ascending.</summary>
    public static IReadOnlyDictionary<ChecklistPoint, IReadOnlyList<(DateOnly Day, double Mean)>> MeanPerDate(IEnumerable<Scored> scores)
    {
        var valid = scores.Where(s => IsValidScore(s.Score)).ToList();
        return Points.ToDictionary(point => point, point => (IReadOnlyList<(DateOnly, double)>)valid.Where(s => s.Point == point)
            .GroupBy(s => s.MeasuredOn).OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Average(s => (double)s.Score))).ToList());
    }
}
