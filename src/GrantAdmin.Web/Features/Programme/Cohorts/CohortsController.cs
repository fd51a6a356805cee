using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Programme.Participants;
using GrantAdmin.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Programme.Cohorts;

/// <summary>The Koploper programme's start page and its lichtingen.</summary>
[Route("programma"), Authorize(Roles = ProgrammeRoles.Readers)]
public sealed class CohortsController(ProgrammeOverview.Handler overview, EditCohort.Handler handler) : Controller
{
    private const string Views = "~/Features/Programme/Cohorts/";

    private bool CanEdit => User.IsInRole(Roles.Programmamanager);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(Views + "Index.cshtml", await overview.LoadAsync(CanEdit, ct));

    [HttpGet("lichtingen/{id:int}")]
    public async Task<IActionResult> Cohort(int id, CancellationToken ct) =>
        await overview.CohortAsync(id, CanEdit, ct) is { } page ? View(Views + "Cohort.cshtml", page) : NotFound();

    [Authorize(Roles = ProgrammeRoles.Editors), HttpGet("lichtingen/nieuw")]
    public IActionResult Create() => View(Views + "Edit.cshtml", new EditCohort.Page(null, new EditCohort.Form()));

    [Authorize(Roles = ProgrammeRoles.Editors), HttpPost("lichtingen/nieuw")]
    public Task<IActionResult> Create(EditCohort.Form form, CancellationToken ct) => SaveAsync(null, form, "De lichting is toegevoegd.", ct);

    [Authorize(Roles = ProgrammeRoles.Editors), HttpGet("lichtingen/{id:int}/bewerken")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await handler.FormAsync(id, ct) is { } form ? View(Views + "Edit.cshtml", new EditCohort.Page(id, form)) : NotFound();

    [Authorize(Roles = ProgrammeRoles.Editors), HttpPost("lichtingen/{id:int}/bewerken")]
    public async Task<IActionResult> Edit(int id, EditCohort.Form form, CancellationToken ct) =>
        await handler.FormAsync(id, ct) is null ? NotFound() : await SaveAsync(id, form, "De wijzigingen zijn opgeslagen.", ct);

    private async Task<IActionResult> SaveAsync(int? id, EditCohort.Form form, string notice, CancellationToken ct)
    {
        var outcome = ModelState.Refused<int>() ?? await handler.SaveAsync(CurrentUser.From(User), id, form, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return View(Views + "Edit.cshtml", new EditCohort.Page(id, form));
        }
        TempData["Notice"] = notice;
        return Redirect($"/programma/lichtingen/{outcome.Value}");
    }
}
