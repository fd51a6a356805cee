using GrantAdmin.Web.Features.Programme.Charts;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Progress;

/// <summary>A cohort's checklist: per point how its participants scored at their latest measurement, and the mean over time.</summary>
public static class CohortChecklist
{
    public sealed record ScoredRow(int ParticipantId, DateOnly MeasuredOn, string Point, int Score);

    public sealed record Page(ProgrammeParticipant.Cohort Cohort, int Participants, int Measured,
        IReadOnlyList<ChecklistRules.PointDistribution> Distribution, LineChart Means);

    internal const string ParticipantCountSql = "SELECT COUNT(*) FROM programme_participants WHERE cohort_id = @cohortId";
    internal const string ScoresSql = """
        SELECT m.participant_id AS participantId, m.measured_on AS measuredOn, s.point, s.score
        FROM checklist_measurements m
        JOIN checklist_scores s ON s.measurement_id = m.id
        JOIN programme_participants p ON p.id = m.participant_id
        WHERE p.cohort_id = @cohortId
        """;

    public static LineChart MeansChart(string id, string cohortName, IEnumerable<ChecklistRules.Scored> scores) => new(
        id, $"Gemiddelde score per meetdatum, {cohortName}",
        "Per punt van de Ieder(in)-checklist het gemiddelde (0 tot en met 3) van alle metingen op elke meetdatum; de tabel onder de grafiek geeft dezelfde cijfers.",
        ChecklistRules.MeanPerDate(scores).Select(kv => new ChartSeries(ChecklistRules.Label(kv.Key),
            kv.Value.Select(v => new ChartPoint(v.Day, Math.Round(v.Mean, 2))).ToList())).ToList(),
        ChecklistRules.MinScore, ChecklistRules.MaxScore, 1, "Gemiddelde score (0–3)");

    public sealed class Handler(Db db)
    {
        public async Task<Page?> LoadAsync(int cohortId, CancellationToken ct)
        {
            if (await ProgrammeParticipant.FindCohortAsync(db, cohortId, ct) is not { } cohort) return null;
            var participants = await db.QuerySingleOrDefaultAsync<int>(ParticipantCountSql, new { cohortId }, ct);
            var scores = (await db.QueryAsync<ScoredRow>(ScoresSql, new { cohortId }, ct))
                .Select(r => new ChecklistRules.Scored(r.ParticipantId, r.MeasuredOn, Enum.Parse<ChecklistPoint>(r.Point), r.Score)).ToList();
            return new Page(cohort, participants, scores.Select(s => s.ParticipantId).Distinct().Count(),
                ChecklistRules.Distribution(scores), MeansChart($"cohort-{cohortId}", cohort.Name, scores));
        }
    }
}
