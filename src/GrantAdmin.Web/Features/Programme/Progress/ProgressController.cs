using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using static GrantAdmin.Web.Features.Programme.Progress.ProgressRules;

namespace GrantAdmin.Web.Features.Programme.Progress;

/// <summary>Progress and the Ieder(in) checklist: the programmamanager edits, the grants office reads, a gemeente reads its own.</summary>
public sealed class ProgressController(ParticipantProgress.Handler progress, CohortChecklist.Handler cohorts, Db db) : Controller
{
    public const string Readers = Roles.Programmamanager + "," + Roles.GrantsOffice;
    private const string Participant = "programma/deelnemers/{id:int}/voortgang";

    /// <summary>The edit pages of one participant: what is edited, the form as typed, where it posts.</summary>
    public sealed record Editor<TForm>(ProgrammeParticipant.Participant Participant, string Heading, string PostUrl, TForm Form);

    public static string PathOf(int participantId) => $"/programma/deelnemers/{participantId}/voortgang";

    [HttpGet(Participant), Authorize(Roles = Readers)]
    public async Task<IActionResult> Index(int id, CancellationToken ct) =>
        await progress.LoadAsync(id, User.IsInRole(Roles.Programmamanager), ct) is { } page ? View(ViewPath("Index"), page) : NotFound();

    [HttpGet(Participant + "/thema/{theme}"), Authorize(Roles = Roles.Programmamanager)]
    public async Task<IActionResult> EditTheme(int id, string theme, CancellationToken ct)
    {
        if (Codes.Parse<Theme>(theme) is not { } t || await progress.LoadAsync(id, true, ct) is not { } page) return NotFound();
        var line = page.Themes.Single(x => x.Theme == t);
        return ThemeEditor(page.Participant, t, new ThemeForm(line.Status.ToString(), line.Note));
    }

    [HttpPost(Participant + "/thema/{theme}"), Authorize(Roles = Roles.Programmamanager)]
    public async Task<IActionResult> SaveTheme(int id, string theme, ThemeForm form, CancellationToken ct)
    {
        if (Codes.Parse<Theme>(theme) is not { } t) return NotFound();
        return await DoneAsync(id, ModelState.Refused<int>() ?? await progress.SaveThemeAsync(CurrentUser.From(User), id, t, form, ct), $"Het thema {Label(t).ToLowerInvariant()} is opgeslagen.",
            participant => ThemeEditor(participant, t, form), ct);
    }

    [HttpGet(Participant + "/activiteiten/nieuw"), Authorize(Roles = Roles.Programmamanager)]
    public Task<IActionResult> NewActivity(int id, CancellationToken ct) =>
        EditorAsync(id, p => ActivityEditor(p, null, new ActivityForm(null, null, null, null, null, null, null)), ct);

    [HttpPost(Participant + "/activiteiten/nieuw"), Authorize(Roles = Roles.Programmamanager)]
    public async Task<IActionResult> AddActivity(int id, ActivityForm form, CancellationToken ct) =>
        await DoneAsync(id, ModelState.Refused<int>() ?? await progress.SaveActivityAsync(CurrentUser.From(User), id, null, form, ct), "De activiteit is toegevoegd.",
            p => ActivityEditor(p, null, form), ct);

    [HttpGet(Participant + "/activiteiten/{activityId:int}"), Authorize(Roles = Roles.Programmamanager)]
    public async Task<IActionResult> EditActivity(int id, int activityId, CancellationToken ct) =>
        await progress.ActivityAsync(id, activityId, ct) is { } row
            ? await EditorAsync(id, p => ActivityEditor(p, activityId, ParticipantProgress.FormOf(row)), ct)
            : NotFound();

    [HttpPost(Participant + "/activiteiten/{activityId:int}"), Authorize(Roles = Roles.Programmamanager)]
    public async Task<IActionResult> UpdateActivity(int id, int activityId, ActivityForm form, CancellationToken ct) =>
        await DoneAsync(id, ModelState.Refused<int>() ?? await progress.SaveActivityAsync(CurrentUser.From(User), id, activityId, form, ct), "De activiteit is gewijzigd.",
            p => ActivityEditor(p, activityId, form), ct);

    [HttpGet(Participant + "/mijlpalen/nieuw"), Authorize(Roles = Roles.Programmamanager)]
    public Task<IActionResult> NewMilestone(int id, CancellationToken ct) =>
        EditorAsync(id, p => MilestoneEditor(p, null, new MilestoneForm(null, null, null)), ct);

    [HttpPost(Participant + "/mijlpalen/nieuw"), Authorize(Roles = Roles.Programmamanager)]
    public async Task<IActionResult> AddMilestone(int id, MilestoneForm form, CancellationToken ct) =>
        await DoneAsync(id, ModelState.Refused<int>() ?? await progress.SaveMilestoneAsync(CurrentUser.From(User), id, null, form, ct), "De mijlpaal is toegevoegd.",
            p => MilestoneEditor(p, null, form), ct);

    [HttpGet(Participant + "/mijlpalen/{milestoneId:int}"), Authorize(Roles = Roles.Programmamanager)]
    public async Task<IActionResult> EditMilestone(int id, int milestoneId, CancellationToken ct) =>
        await progress.MilestoneAsync(id, milestoneId, ct) is { } row
            ? await EditorAsync(id, p => MilestoneEditor(p, milestoneId, ParticipantProgress.FormOf(row)), ct)
            : NotFound();

    [HttpPost(Participant + "/mijlpalen/{milestoneId:int}"), Authorize(Roles = Roles.Programmamanager)]
    public async Task<IActionResult> UpdateMilestone(int id, int milestoneId, MilestoneForm form, CancellationToken ct) =>
        await DoneAsync(id, ModelState.Refused<int>() ?? await progress.SaveMilestoneAsync(CurrentUser.From(User), id, milestoneId, form, ct), "De mijlpaal is gewijzigd.",
            p => MilestoneEditor(p, milestoneId, form), ct);

    [HttpGet(Participant + "/metingen/nieuw"), Authorize(Roles = Roles.Programmamanager)]
    public Task<IActionResult> NewMeasurement(int id, CancellationToken ct) =>
        EditorAsync(id, p => MeasurementEditor(p, ChecklistRules.MeasurementForm.Empty), ct);

    [HttpPost(Participant + "/metingen/nieuw"), Authorize(Roles = Roles.Programmamanager)]
    public async Task<IActionResult> RecordMeasurement(int id, IFormCollection posted, CancellationToken ct)
    {
        // Read from the form directly, past the string binder: the remarks lose their bidi controls here (their length is a rule).
        var form = new ChecklistRules.MeasurementForm(posted[nameof(ChecklistRules.MeasurementForm.MeasuredOn)],
            ChecklistRules.Points.ToDictionary(p => p, p => ((string?)posted[ChecklistRules.ScoreField(p)], BidiControls.Strip((string?)posted[ChecklistRules.RemarkField(p)]))));
        return await DoneAsync(id, await progress.RecordMeasurementAsync(CurrentUser.From(User), id, form, ct), "De meting van de checklist is opgeslagen.",
            p => MeasurementEditor(p, form), ct);
    }

    [HttpGet("programma/lichtingen/{id:int}/checklist"), Authorize(Roles = Readers)]
    public async Task<IActionResult> Cohort(int id, CancellationToken ct) =>
        await cohorts.LoadAsync(id, ct) is { } page ? View(ViewPath("Cohort"), page) : NotFound();

    /// <summary>A gemeente's own participations, read-only.</summary>
    [HttpGet("mijn-deelname/voortgang"), Authorize(Roles = Roles.Applicants)]
    public async Task<IActionResult> Mine(CancellationToken ct)
    {
        var pages = new List<ParticipantProgress.Page>();
        foreach (var participantId in await ProgrammeParticipant.OwnParticipantIdsAsync(db, CurrentUser.From(User), ct))
            if (await progress.LoadAsync(participantId, false, ct) is { } page) pages.Add(page);
        return View(ViewPath("Mine"), pages);
    }

    /// <summary>One of the gemeente's own participations; another's does not exist for it (404).</summary>
    [HttpGet("mijn-deelname/voortgang/{id:int}"), Authorize(Roles = Roles.Applicants)]
    public async Task<IActionResult> MineOne(int id, CancellationToken ct)
    {
        if (!(await ProgrammeParticipant.OwnParticipantIdsAsync(db, CurrentUser.From(User), ct)).Contains(id)) return NotFound();
        return await progress.LoadAsync(id, false, ct) is { } page ? View(ViewPath("Mine"), new List<ParticipantProgress.Page> { page }) : NotFound();
    }

    private static string ViewPath(string name) => $"~/Features/Programme/Progress/{name}.cshtml";

    private async Task<IActionResult> EditorAsync(int id, Func<ProgrammeParticipant.Participant, IActionResult> editor, CancellationToken ct) =>
        await ProgrammeParticipant.FindAsync(db, id, ct) is { } participant ? editor(participant) : NotFound();

    /// <summary>Success: back to the progress page with a notice. Refused: the same form again, the Dutch messages at the fields.</summary>
    private async Task<IActionResult> DoneAsync(int id, Outcome<int> outcome, string notice, Func<ProgrammeParticipant.Participant, IActionResult> editor, CancellationToken ct)
    {
        if (outcome.Succeeded)
        {
            TempData["Notice"] = notice;
            return Redirect(PathOf(id));
        }
        if (ParticipantProgress.IsNotFound(outcome)) return NotFound();
        ModelState.AddErrors(outcome.Errors);
        return await EditorAsync(id, editor, ct);
    }

    private ViewResult ThemeEditor(ProgrammeParticipant.Participant p, Theme theme, ThemeForm form) =>
        View(ViewPath("Theme"), new Editor<ThemeForm>(p, $"Thema {Label(theme).ToLowerInvariant()}", $"{PathOf(p.Id)}/thema/{theme}", form));

    private ViewResult ActivityEditor(ProgrammeParticipant.Participant p, int? activityId, ActivityForm form) =>
        View(ViewPath("Activity"), new Editor<ActivityForm>(p, activityId is null ? "Activiteit toevoegen" : "Activiteit wijzigen",
            $"{PathOf(p.Id)}/activiteiten/{activityId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nieuw"}", form));

    private ViewResult MilestoneEditor(ProgrammeParticipant.Participant p, int? milestoneId, MilestoneForm form) =>
        View(ViewPath("Milestone"), new Editor<MilestoneForm>(p, milestoneId is null ? "Mijlpaal toevoegen" : "Mijlpaal wijzigen",
            $"{PathOf(p.Id)}/mijlpalen/{milestoneId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nieuw"}", form));

    private ViewResult MeasurementEditor(ProgrammeParticipant.Participant p, ChecklistRules.MeasurementForm form) =>
        View(ViewPath("Measurement"), new Editor<ChecklistRules.MeasurementForm>(p, "Meting van de Ieder(in)-checklist", $"{PathOf(p.Id)}/metingen/nieuw", form));
}
