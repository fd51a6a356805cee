using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Programme.Participants;

/// <summary>
/// A gemeente's own participation(s) in the Koploper programme. A gemeente user sees only participants its gemeente
/// (or a gemeente that merged into it) is a member of; any other participant does not exist for it (404).
/// /mijn-deelname/voortgang and /mijn-deelname/contacten are their own slices; they find the gemeente's participation
/// with <see cref="ParticipantQueries.OfMunicipalityAsync"/>.
/// </summary>
[Route("mijn-deelname"), Authorize(Roles = Roles.Applicants)]
public sealed class MyParticipationController(ParticipantQueries queries, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var participations = await queries.OfMunicipalityAsync(CurrentUser.From(User).RequireMunicipality(), ct);
        var pages = new List<ParticipantPage>();
        foreach (var p in participations)
            pages.Add(new ParticipantPage(p, await queries.MembersAsync(p.Id, ct), Amsterdam.Today(clock), CanEdit: false));
        return View(ParticipantsController.Views + "Mine.cshtml", pages);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var own = await queries.OfMunicipalityAsync(CurrentUser.From(User).RequireMunicipality(), ct);
        if (own.FirstOrDefault(p => p.Id == id) is not { } participant) return NotFound();
        return View(ParticipantsController.Views + "Mine.cshtml",
            new List<ParticipantPage> { new(participant, await queries.MembersAsync(id, ct), Amsterdam.Today(clock), CanEdit: false) });
    }
}
