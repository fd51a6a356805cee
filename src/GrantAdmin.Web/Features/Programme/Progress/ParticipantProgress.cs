using GrantAdmin.Web.Infrastructure.Writes;
using System.Data.Common;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Programme.Charts;
using GrantAdmin.Web.Infrastructure;
using static GrantAdmin.Web.Features.Programme.Progress.ProgressRules;

namespace GrantAdmin.Web.Features.Programme.Progress;

/// <summary>A participant's progress: themes, activities, milestones and the Ieder(in) checklist over time.</summary>
public static class ParticipantProgress
{
    public sealed record ThemeRow(string Theme, string Status, string? Note, DateTime UpdatedAtUtc);
    public sealed record ThemeLine(Theme Theme, ThemeStatus Status, string? Note, DateTime? UpdatedAtUtc);
    public sealed record ActivityRow(int Id, string Title, string? Description, string? Theme, DateOnly StartsOn, DateOnly? EndsOn, string InvolvementForm, string Method);
    public sealed record MilestoneRow(int Id, string Title, DateOnly DueOn, DateOnly? ReachedOn);
    public sealed record ScoreRow(int MeasurementId, DateOnly MeasuredOn, string Point, int Score, string? Remark);
    public sealed record MeasurementLine(DateOnly MeasuredOn, IReadOnlyList<ChecklistRules.Score> Scores);

    public sealed record Page(ProgrammeParticipant.Participant Participant, IReadOnlyList<ThemeLine> Themes, IReadOnlyList<ActivityRow> Activities,
        IReadOnlyList<MilestoneRow> Milestones, IReadOnlyList<MeasurementLine> Measurements, LineChart Trend, DateOnly Today, bool CanEdit);

    internal const string ThemesSql = "SELECT theme, status, note, updated_at_utc AS updatedAtUtc FROM participant_themes WHERE participant_id = @participantId";
    internal const string ActivitiesSql = """
        SELECT id, title, description, theme, starts_on AS startsOn, ends_on AS endsOn, involvement_form AS involvementForm, method
        FROM participant_activities WHERE participant_id = @participantId ORDER BY starts_on, id
        """;
    internal const string MilestonesSql = """
        SELECT id, title, due_on AS dueOn, reached_on AS reachedOn FROM participant_milestones WHERE participant_id = @participantId ORDER BY due_on, id
        """;
    internal const string ScoresSql = """
        SELECT m.id AS measurementId, m.measured_on AS measuredOn, s.point, s.score, s.remark
        FROM checklist_measurements m JOIN checklist_scores s ON s.measurement_id = m.id
        WHERE m.participant_id = @participantId ORDER BY m.measured_on
        """;

    internal const string UpdateThemeSql = "UPDATE participant_themes SET status = @status, note = @note, updated_at_utc = @now WHERE participant_id = @participantId AND theme = @theme";
    internal const string InsertThemeSql = "INSERT INTO participant_themes (participant_id, theme, status, note, updated_at_utc) VALUES (@participantId, @theme, @status, @note, @now)";
    internal const string InsertActivitySql = """
        INSERT INTO participant_activities (participant_id, title, description, theme, starts_on, ends_on, involvement_form, method, created_at_utc)
        VALUES (@participantId, @title, @description, @theme, @startsOn, @endsOn, @form, @method, @now)
        """;
    internal const string UpdateActivitySql = """
        UPDATE participant_activities SET title = @title, description = @description, theme = @theme, starts_on = @startsOn, ends_on = @endsOn,
            involvement_form = @form, method = @method
        WHERE id = @activityId AND participant_id = @participantId
        """;
    internal const string InsertMilestoneSql = """
        INSERT INTO participant_milestones (participant_id, title, due_on, reached_on, created_at_utc) VALUES (@participantId, @title, @dueOn, @reachedOn, @now)
        """;
    internal const string UpdateMilestoneSql = """
        UPDATE participant_milestones SET title = @title, due_on = @dueOn, reached_on = @reachedOn WHERE id = @milestoneId AND participant_id = @participantId
        """;
    internal const string MeasurementExistsSql = "SELECT COUNT(*) FROM checklist_measurements WHERE participant_id = @participantId AND measured_on = @measuredOn";
    internal const string InsertMeasurementSql = """
        INSERT INTO checklist_measurements (participant_id, measured_on, recorded_by_user_id, recorded_at_utc) VALUES (@participantId, @measuredOn, @userId, @now)
        """;
    internal const string InsertScoreSql = "INSERT INTO checklist_scores (measurement_id, point, score, remark) VALUES (@measurementId, @point, @score, @remark)";

    public static ActivityForm FormOf(ActivityRow a) =>
        new(a.Title, a.Description, a.Theme, ProgrammeInput.DateValue(a.StartsOn), ProgrammeInput.DateValue(a.EndsOn), a.InvolvementForm, a.Method);

    public static MilestoneForm FormOf(MilestoneRow m) => new(m.Title, ProgrammeInput.DateValue(m.DueOn), ProgrammeInput.DateValue(m.ReachedOn));

    /// <summary>The trend of one participant: a line per checklist point, over its measurement dates.</summary>
    public static LineChart Trend(string id, string participantName, IReadOnlyList<MeasurementLine> measurements) => new(
        id, $"Ieder(in)-checklist van {participantName} door de tijd",
        $"Score 0 tot en met 3 per punt van de checklist op {measurements.Count} meetdatum(s); de tabel onder de grafiek geeft dezelfde cijfers.",
        ChecklistRules.Points.Select(point => new ChartSeries(ChecklistRules.Label(point),
            measurements.SelectMany(m => m.Scores.Where(s => s.Point == point).Select(s => new ChartPoint(m.MeasuredOn, s.Value))).ToList())).ToList(),
        ChecklistRules.MinScore, ChecklistRules.MaxScore, 1, "Score (0–3)");

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Page?> LoadAsync(int participantId, bool canEdit, CancellationToken ct)
        {
            if (await ProgrammeParticipant.FindAsync(db, participantId, ct) is not { } participant) return null;
            var args = new { participantId };
            var themes = (await db.QueryAsync<ThemeRow>(ThemesSql, args, ct)).ToDictionary(t => t.Theme);
            var activities = await db.QueryAsync<ActivityRow>(ActivitiesSql, args, ct);
            var milestones = await db.QueryAsync<MilestoneRow>(MilestonesSql, args, ct);
            var scores = await db.QueryAsync<ScoreRow>(ScoresSql, args, ct);
            var measurements = scores.GroupBy(s => s.MeasuredOn).OrderBy(g => g.Key)
                .Select(g => new MeasurementLine(g.Key, g.Select(s => new ChecklistRules.Score(Enum.Parse<ChecklistPoint>(s.Point), s.Score, s.Remark))
                    .OrderBy(s => s.Point).ToList())).ToList();
            var themeLines = Enum.GetValues<Theme>().Select(theme => themes.TryGetValue(theme.ToString(), out var t)
                ? new ThemeLine(theme, Enum.Parse<ThemeStatus>(t.Status), t.Note, t.UpdatedAtUtc)
                : new ThemeLine(theme, ThemeStatus.NietGestart, null, null)).ToList();
            return new Page(participant, themeLines, activities, milestones, measurements,
                Trend($"trend-{participantId}", participant.Name, measurements), Amsterdam.Today(clock), canEdit);
        }

        public async Task<ActivityRow?> ActivityAsync(int participantId, int activityId, CancellationToken ct) =>
            (await db.QueryAsync<ActivityRow>(ActivitiesSql, new { participantId }, ct)).FirstOrDefault(a => a.Id == activityId);

        public async Task<MilestoneRow?> MilestoneAsync(int participantId, int milestoneId, CancellationToken ct) =>
            (await db.QueryAsync<MilestoneRow>(MilestonesSql, new { participantId }, ct)).FirstOrDefault(m => m.Id == milestoneId);

        public async Task<Outcome<int>> SaveThemeAsync(CurrentUser user, int participantId, Theme theme, ThemeForm form, CancellationToken ct)
        {
            var (status, note, errors) = Check(form);
            if (!errors.None) return Outcome<int>.Fail(errors);
            return await WriteAsync(participantId, async w =>
            {
                var args = new { participantId, theme = theme.ToString(), status = status.ToString(), note, now = clock.GetUtcNow().UtcDateTime };
                if (await w.Tx.ExecuteAsync(UpdateThemeSql, args, ct) == 0) await w.Tx.ExecuteAsync(InsertThemeSql, args, ct);
                await ProgrammeParticipant.AuditAsync(w, clock, user, "VoortgangThemaOpgeslagen", participantId, $"{theme} {status}", ct);
                return participantId;
            }, ct);
        }

        /// <summary>Adds an activity (no <paramref name="activityId"/>) or changes one of this participant's.</summary>
        public async Task<Outcome<int>> SaveActivityAsync(CurrentUser user, int participantId, int? activityId, ActivityForm form, CancellationToken ct)
        {
            var (activity, errors) = Check(form);
            if (activity is null) return Outcome<int>.Fail(errors);
            return await WriteAsync(participantId, async w =>
            {
                var args = new
                {
                    participantId, activityId, title = activity.Title, description = activity.Description, theme = activity.Theme?.ToString(),
                    startsOn = activity.StartsOn, endsOn = activity.EndsOn,
                    form = activity.Form.ToString(), method = activity.Method.ToString(), now = clock.GetUtcNow().UtcDateTime,
                };
                int? id = activityId is null ? await w.InsertAsync(InsertActivitySql, args, ct)
                    : await w.Tx.ExecuteAsync(UpdateActivitySql, args, ct) == 1 ? activityId : null;
                if (id is null) return null;
                await ProgrammeParticipant.AuditAsync(w, clock, user, activityId is null ? "ActiviteitToegevoegd" : "ActiviteitGewijzigd", participantId,
                    $"activiteit {id}: {activity.Title} ({activity.Form}, {activity.Method})", ct);
                return id;
            }, ct);
        }

        public async Task<Outcome<int>> SaveMilestoneAsync(CurrentUser user, int participantId, int? milestoneId, MilestoneForm form, CancellationToken ct)
        {
            var (milestone, errors) = Check(form);
            if (milestone is null) return Outcome<int>.Fail(errors);
            return await WriteAsync(participantId, async w =>
            {
                var args = new { participantId, milestoneId, title = milestone.Title, dueOn = milestone.DueOn, reachedOn = milestone.ReachedOn, now = clock.GetUtcNow().UtcDateTime };
                int? id = milestoneId is null ? await w.InsertAsync(InsertMilestoneSql, args, ct)
                    : await w.Tx.ExecuteAsync(UpdateMilestoneSql, args, ct) == 1 ? milestoneId : null;
                if (id is null) return null;
                await ProgrammeParticipant.AuditAsync(w, clock, user, milestoneId is null ? "MijlpaalToegevoegd" : "MijlpaalGewijzigd", participantId,
                    $"mijlpaal {id}: {milestone.Title}, streefdatum {milestone.DueOn:yyyy-MM-dd}, bereikt {milestone.ReachedOn?.ToString("yyyy-MM-dd") ?? "nee"}", ct);
                return id;
            }, ct);
        }

        /// <summary>
        /// One measurement per date per participant: refused with a Dutch message when the date is taken; the unique
        /// constraint catches two requests that pass the check at once on SQL Server.
        /// </summary>
        public async Task<Outcome<int>> RecordMeasurementAsync(CurrentUser user, int participantId, ChecklistRules.MeasurementForm form, CancellationToken ct)
        {
            var (measurement, errors) = ChecklistRules.Check(form);
            if (measurement is null) return Outcome<int>.Fail(errors);
            var taken = Outcome<int>.Fail(nameof(ChecklistRules.MeasurementForm.MeasuredOn), ChecklistRules.AlreadyMeasured(measurement.MeasuredOn));
            try
            {
                return await db.TryWriteAsync<int>(async w =>
                {
                    if (await ProgrammeParticipant.FindAsync(w.Tx, participantId, ct) is null) return NotFound;
                    var args = new { participantId, measuredOn = measurement.MeasuredOn, userId = user.Id, now = clock.GetUtcNow().UtcDateTime };
                    if (await w.Tx.QuerySingleAsync<int>(MeasurementExistsSql, args, ct) > 0) return taken;
                    var id = await w.InsertAsync(InsertMeasurementSql, args, ct);
                    foreach (var s in measurement.Scores)
                        await w.Tx.ExecuteAsync(InsertScoreSql, new { measurementId = id, point = s.Point.ToString(), score = s.Value, remark = s.Remark }, ct);
                    await ProgrammeParticipant.AuditAsync(w, clock, user, "ChecklistGemeten", participantId,
                        $"meting {measurement.MeasuredOn:yyyy-MM-dd}: " + string.Join(", ", measurement.Scores.Select(s => $"{s.Point} {s.Value}")), ct);
                    return Outcome<int>.Ok(id);
                }, ct);
            }
            catch (DbException e) when (db.Dialect.IsUniqueViolation(e))
            {
                return taken;
            }
        }

        /// <summary>A write on an existing participant; null from <paramref name="work"/> means the row it names is not this participant's.</summary>
        private Task<Outcome<int>> WriteAsync(int participantId, Func<Write, Task<int?>> work, CancellationToken ct) =>
            db.TryWriteAsync<int>(async w =>
                await ProgrammeParticipant.FindAsync(w.Tx, participantId, ct) is null || await work(w) is not { } id ? NotFound : Outcome<int>.Ok(id), ct);
    }

    /// <summary>The participant or the row does not exist (any more): the controller answers 404.</summary>
    public static Outcome<int> NotFound => Outcome<int>.Fail(Shared.FormLevel.Status, "Niet gevonden.");
    public static bool IsNotFound(Outcome<int> outcome) => outcome.Errors.ContainsKey(Shared.FormLevel.Status);
}
