using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Cases;

[Route("behandeling"), Authorize(Roles = Roles.GrantsOffice)]
public sealed class CasesController : Controller
{
    private CurrentUser Me => CurrentUser.From(User);

    [HttpGet("")]
    public async Task<IActionResult> Queue([FromQuery(Name = "ronde")] string? round, [FromQuery(Name = "status")] string? state,
        [FromQuery(Name = "provincie")] string? province, [FromQuery(Name = "mijn")] bool mine, [FromQuery(Name = "te-laat")] bool overdue,
        [FromQuery(Name = "zoek")] string? search, [FromQuery(Name = "na")] int? after, [FromQuery(Name = "voor")] int? before,
        [FromServices] Queue.Handler handler, CancellationToken ct)
    {
        var page = await handler.LoadAsync(Me, new Queue.Filter(round, state, province, mine, overdue, search, after, before), ct);
        if (page is null) return NotFound();
        Cases.Queue.Remember(HttpContext);
        return View(page);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Case(int id, [FromServices] CaseFile.Handler handler, CancellationToken ct) =>
        await handler.LoadAsync(Me, id, null, ct) is { } page ? View(page) : NotFound();

    [HttpPost("{id:int}/beoordelen")]
    public async Task<IActionResult> Judge(int id, JudgeCompleteness.Form form, [FromServices] JudgeCompleteness.Handler judge,
        [FromServices] CaseFile.Handler handler, CancellationToken ct)
    {
        var outcome = ModelState.Refused<JudgeCompleteness.Judged>() ?? await judge.HandleAsync(Me, id, form, ct);
        if (!outcome.Succeeded)
        {
            // The page is built only to show the errors; a missing application answers 404 here.
            if (await handler.LoadAsync(Me, id, form, ct) is not { } page) return NotFound();
            ModelState.AddErrors(outcome.Errors);
            return View(nameof(Case), page);
        }
        TempData["Notice"] = outcome.Value!.Complete
            ? "De aanvraag is volledig. Zij staat in de rangorde op het moment van ontvangst."
            : "Het aanvulverzoek is verstuurd; de beslistermijn is opgeschort.";
        return Redirect($"/behandeling/{id}");
    }

    [HttpPost("{id:int}/verdagen")]
    public async Task<IActionResult> Extend(int id, ExtendDecisionTerm.Form form, [FromServices] ExtendDecisionTerm.Handler extend,
        [FromServices] CaseFile.Handler handler, CancellationToken ct)
    {
        var outcome = ModelState.Refused<ExtendDecisionTerm.Extended>() ?? await extend.HandleAsync(Me, id, form, ct);
        if (!outcome.Succeeded)
        {
            if (await handler.LoadAsync(Me, id, null, ct) is not { } page) return NotFound();
            ModelState.AddErrors(outcome.Errors);
            return View(nameof(Case), page with { Extension = form });
        }
        TempData["Notice"] = $"De beslistermijn is verdaagd tot en met {Infrastructure.Amsterdam.FormatDate(outcome.Value!.NewDueOn)}; de gemeente krijgt de brief per e-mail.";
        return Redirect($"/behandeling/{id}");
    }

    [HttpPost("{id:int}/te-late-aanvulling")]
    public async Task<IActionResult> AcceptLate(int id, AcceptLateSupplement.Form form, [FromServices] AcceptLateSupplement.Handler accept,
        [FromServices] CaseFile.Handler handler, CancellationToken ct)
    {
        var outcome = ModelState.Refused<DateTime>() ?? await accept.HandleAsync(Me, id, form, ct);
        if (!outcome.Succeeded)
        {
            if (await handler.LoadAsync(Me, id, null, ct) is not { } page) return NotFound();
            ModelState.AddErrors(outcome.Errors);
            return View(nameof(Case), page with { AcceptLate = form });
        }
        TempData["Notice"] = $"De aanvulling is aanvaard. De aanvraag is weer in behandeling, met als moment van ontvangst {Infrastructure.Amsterdam.Format(outcome.Value)}.";
        return Redirect($"/behandeling/{id}");
    }

    [HttpPost("{id:int}/oppakken")]
    public Task<IActionResult> Take(int id, [FromServices] Assignment.Handler handler, CancellationToken ct) =>
        Assign(id, Me.Id, handler, "U hebt de aanvraag opgepakt.", ct);

    [HttpPost("{id:int}/toewijzen")]
    public Task<IActionResult> AssignTo(int id, int? assigneeId, [FromServices] Assignment.Handler handler, CancellationToken ct) =>
        Assign(id, assigneeId, handler, "De aanvraag is toegewezen.", ct);

    [HttpPost("{id:int}/teruggeven")]
    public Task<IActionResult> HandBack(int id, [FromServices] Assignment.Handler handler, CancellationToken ct) =>
        Assign(id, null, handler, "De aanvraag staat weer in de werkvoorraad.", ct);

    private async Task<IActionResult> Assign(int id, int? assigneeId, Assignment.Handler handler, string notice, CancellationToken ct)
    {
        var outcome = await handler.AssignAsync(Me, id, assigneeId, ct);
        TempData["Notice"] = outcome.Succeeded ? notice : string.Join(" ", outcome.Errors.Values);
        return Redirect($"/behandeling/{id}");
    }
}
