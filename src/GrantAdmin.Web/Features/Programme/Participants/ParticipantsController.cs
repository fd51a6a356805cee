using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Programme.Participants;

/// <summary>
/// The participant page and its edits. The sub-pages of a participant live at /programma/deelnemers/{id}/ambassadeur,
/// /voortgang and /budget (their own slices); this page links to them.
/// </summary>
[Route("programma/deelnemers"), Authorize(Roles = ProgrammeRoles.Readers)]
public sealed class ParticipantsController(ParticipantQueries queries, EditParticipant.Handler handler, TimeProvider clock) : Controller
{
    public const string Views = "~/Features/Programme/Participants/";

    private CurrentUser Me => CurrentUser.From(User);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        if (await queries.FindAsync(id, ct) is not { } participant) return NotFound();
        return View(Views + "Details.cshtml", new ParticipantPage(participant, await queries.MembersAsync(id, ct), Amsterdam.Today(clock),
            User.IsInRole(Roles.Programmamanager)));
    }

    [Authorize(Roles = ProgrammeRoles.Editors), HttpGet("nieuw")]
    public async Task<IActionResult> Create(int? lichting, CancellationToken ct) =>
        View(Views + "Edit.cshtml", await handler.PageAsync(null, new EditParticipant.Form
        {
            Kind = ParticipantRules.Gemeente, CohortId = lichting?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, false, ct));

    [Authorize(Roles = ProgrammeRoles.Editors), HttpPost("nieuw")]
    public async Task<IActionResult> Create(EditParticipant.Form form, CancellationToken ct) =>
        Done(ModelState.Refused<int>() ?? await handler.CreateAsync(Me, form, ct), "De deelnemer is toegevoegd.", "Edit.cshtml", await handler.PageAsync(null, form, false, ct));

    [Authorize(Roles = ProgrammeRoles.Editors), HttpGet("{id:int}/bewerken")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        if (await queries.FindAsync(id, ct) is not { } participant) return NotFound();
        return View(Views + "Edit.cshtml", await handler.PageAsync(id, EditParticipant.ToForm(participant, await queries.MembersAsync(id, ct)), participant.IsDemo, ct));
    }

    [Authorize(Roles = ProgrammeRoles.Editors), HttpPost("{id:int}/bewerken")]
    public async Task<IActionResult> Edit(int id, EditParticipant.Form form, CancellationToken ct)
    {
        if (await queries.FindAsync(id, ct) is not { } participant) return NotFound();
        return Done(ModelState.Refused<int>() ?? await handler.UpdateAsync(Me, id, form, ct), "De wijzigingen zijn opgeslagen.", "Edit.cshtml",
            await handler.PageAsync(id, form, participant.IsDemo, ct));
    }

    [Authorize(Roles = ProgrammeRoles.Editors), HttpGet("{id:int}/beeindigen")]
    public async Task<IActionResult> End(int id, CancellationToken ct)
    {
        if (await queries.FindAsync(id, ct) is not { } participant) return NotFound();
        return View(Views + "End.cshtml", new EditParticipant.EndPage(participant, Amsterdam.Today(clock).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Authorize(Roles = ProgrammeRoles.Editors), HttpPost("{id:int}/beeindigen")]
    public async Task<IActionResult> End(int id, string? endsOn, CancellationToken ct)
    {
        if (await queries.FindAsync(id, ct) is not { } participant) return NotFound();
        return Done(ModelState.Refused<int>() ?? await handler.EndAsync(Me, participant, endsOn, ct), "De deelname is beëindigd.", "End.cshtml",
            new EditParticipant.EndPage(participant, endsOn));
    }

    /// <summary>Saved: back to the participant page with a notice (PRG). Refused: the form again, with the Dutch messages.</summary>
    private IActionResult Done(Outcome<int> outcome, string notice, string view, object page)
    {
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return View(Views + view, page);
        }
        TempData["Notice"] = notice;
        return Redirect($"/programma/deelnemers/{outcome.Value}");
    }
}

/// <summary>One participant with its gemeenten, for the programme's page and the gemeente's own.</summary>
public sealed record ParticipantPage(ParticipantRow Participant, IReadOnlyList<MemberRow> Members, DateOnly Today, bool CanEdit);
