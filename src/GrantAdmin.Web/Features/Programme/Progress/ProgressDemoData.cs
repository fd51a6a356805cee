using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Programme.Budget;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Progress;

/// <summary>
/// Development only: plausible progress, checklist measurements and budget for whichever participants exist (the
/// cohorts demo makes them), through the real handlers. A participant that already has progress is left alone,
/// so running it at every start adds nothing twice. Invented for the demo, as the page says nowhere else.
/// </summary>
public sealed class ProgressDemoData(Db db, ParticipantProgress.Handler progress, ParticipantBudget.Handler budget, TimeProvider clock, ILogger<ProgressDemoData> logger)
{
    internal const string ParticipantsWithoutProgressSql = """
        SELECT p.id FROM programme_participants p
        WHERE NOT EXISTS (SELECT 1 FROM participant_themes t WHERE t.participant_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM checklist_measurements m WHERE m.participant_id = p.id)
        ORDER BY p.id
        """;
    internal const string RecorderSql = """
        SELECT id, display_name AS name, role FROM users WHERE role = @role ORDER BY id
        """;

    private sealed record Recorder(int Id, string Name, string Role);

    private static readonly (string Title, Method Method, Theme Theme)[] Activities =
    [
        ("Enquête onder inwoners over de bekendheid van cliëntondersteuning", Method.Vragenlijst, Theme.Vindbaarheid),
        ("Straatinterviews op de markt", Method.Straatinterviews, Theme.Vindbaarheid),
        ("Klantreis van mantelzorgers door het sociaal domein", Method.Klantreis, Theme.Aanbod),
        ("Diepte-interviews met inwoners met een beperking", Method.DiepteInterviews, Theme.KwaliteitDeskundigheid),
        ("Verhalen van inwoners over hun ondersteuning", Method.Storytelling, Theme.Onafhankelijkheid),
        ("Klankbordgroep cliëntondersteuning", Method.Klankbordgroep, Theme.InwonersBetrekken),
        ("Dialoogtafel met de adviesraad sociaal domein", Method.Dialoogtafel, Theme.InwonersBetrekken),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        var recorder = (await db.QueryAsync<Recorder>(RecorderSql, new { role = Roles.Programmamanager }, ct)).FirstOrDefault();
        if (recorder is null) return;
        var user = new CurrentUser(recorder.Id, recorder.Name, recorder.Role, null, null);
        var participants = await db.QueryAsync<int>(ParticipantsWithoutProgressSql, null, ct);
        var today = Amsterdam.Today(clock);
        foreach (var id in participants) await SeedParticipantAsync(user, id, today, new Random(id), ct);
        if (participants.Count > 0) logger.LogInformation("Demo progress, checklist and budget added for {Count} participants", participants.Count);
    }

    private async Task SeedParticipantAsync(CurrentUser user, int id, DateOnly today, Random random, CancellationToken ct)
    {
        var start = new DateOnly(2019, 6, 1).AddDays(random.Next(0, 500));
        if (start > today) start = today.AddDays(-30);
        foreach (var theme in Enum.GetValues<Theme>())
        {
            var status = (ThemeStatus)random.Next(0, 3);
            await Ensure(progress.SaveThemeAsync(user, id, theme, new ProgressRules.ThemeForm(status.ToString(),
                status == ThemeStatus.NietGestart ? null : "Voorbeeldtoelichting (demo): werkgroep gestart, volgende stap gepland."), ct));
        }
        foreach (var (title, method, theme) in Activities.OrderBy(_ => random.Next()).Take(random.Next(2, 5)))
        {
            var on = start.AddDays(random.Next(0, 400));
            await Ensure(progress.SaveActivityAsync(user, id, null, new ProgressRules.ActivityForm(title, null, theme.ToString(),
                Date(on), random.Next(2) == 0 ? null : Date(on.AddDays(random.Next(1, 90))), ProgressRules.FormOf(method).ToString(), method.ToString()), ct));
        }
        var milestones = new[] { "Plan van aanpak vastgesteld", "Eerste inwonersraadpleging afgerond", "Evaluatie met de adviesraad" };
        for (var i = 0; i < milestones.Length; i++)
        {
            var due = start.AddDays(120 * (i + 1));
            await Ensure(progress.SaveMilestoneAsync(user, id, null, new ProgressRules.MilestoneForm(milestones[i], Date(due),
                due < today && random.Next(3) > 0 ? Date(due.AddDays(random.Next(-20, 30))) : null), ct));
        }
        var scores = ChecklistRules.Points.ToDictionary(p => p, _ => random.Next(0, 2));
        for (var m = 0; m < 3; m++)
        {
            var on = start.AddDays(180 * m + random.Next(0, 14));
            if (on > today) break;
            var form = new ChecklistRules.MeasurementForm(Date(on), scores.ToDictionary(kv => kv.Key,
                kv => ((string?)kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)(kv.Value == 0 ? "Nog niet op orde (demo)." : null))));
            await Ensure(progress.RecordMeasurementAsync(user, id, form, ct));
            foreach (var point in ChecklistRules.Points) scores[point] = Math.Min(ChecklistRules.MaxScore, scores[point] + random.Next(0, 2));
        }
        var allocated = 50_000_00L + random.Next(0, 50) * 1_000_00L;
        await Ensure(budget.AddAllocationAsync(user, id, new BudgetRules.AllocationForm(Money.Amount(allocated), "2019-06-01", "VWS (programmageld vanaf 1 juni 2019)"), ct));
        // Every seventh participant overspends, so the warning can be seen.
        var target = id % 7 == 0 ? allocated + 2_500_00 : allocated * random.Next(20, 90) / 100;
        var spendings = new[] { "Inhuur projectleider", "Bijeenkomst met inwoners", "Training cliëntondersteuners", "Onderzoek door bureau" };
        for (var i = 0; i < spendings.Length; i++)
        {
            var amount = target / spendings.Length + (i == 0 ? target % spendings.Length : 0);
            var on = start.AddDays(60 + 90 * i);
            if (on > today) on = today;
            await Ensure(budget.AddSpendingAsync(user, id, new BudgetRules.SpendingForm(Date(on), Money.Amount(amount), spendings[i]), ct));
        }
    }

    private static string Date(DateOnly day) => ProgrammeInput.DateValue(day);

    private async Task Ensure(Task<Outcome<int>> write)
    {
        var outcome = await write;
        if (!outcome.Succeeded) logger.LogWarning("Demo progress not written: {Errors}", string.Join("; ", outcome.Errors.Values));
    }
}
