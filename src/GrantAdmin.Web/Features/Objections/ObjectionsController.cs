using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Objections;

/// <summary>Bezwaren: the office's list, one bezwaar's page, and registering, excusing, deferring and deciding (a Behandelaar).</summary>
[Route("behandeling"), Authorize(Roles = Roles.GrantsOffice)]
public sealed class ObjectionsController(Db db, TimeProvider clock) : Controller
{
    private CurrentUser Me => CurrentUser.From(User);

    [HttpGet("bezwaren")]
    public async Task<IActionResult> Index([FromQuery(Name = "alle")] bool all, [FromServices] ObjectionQueries.Handler handler, CancellationToken ct) =>
        View(await handler.ListAsync(all, ct));

    [HttpGet("{id:int}/bezwaar"), Authorize(Roles = Roles.Behandelaar)]
    public async Task<IActionResult> Register(int id, [FromServices] RegisterObjection.Handler handler, CancellationToken ct) =>
        await handler.LoadAsync(id, null, ct) is { } page ? View(page) : NotFound();

    [HttpPost("{id:int}/bezwaar"), Authorize(Roles = Roles.Behandelaar)]
    public async Task<IActionResult> Register(int id, RegisterObjection.Form form, [FromServices] RegisterObjection.Handler handler, CancellationToken ct)
    {
        var outcome = ModelState.Refused<RegisterObjection.Registered>() ?? await handler.HandleAsync(Me, id, form, ct);
        if (!outcome.Succeeded)
        {
            if (await handler.LoadAsync(id, form, ct) is not { } page) return NotFound();
            ModelState.AddErrors(outcome.Errors);
            return View(page);
        }
        var r = outcome.Value!;
        TempData["Notice"] = $"Het bezwaar is geregistreerd ({(r.IsLate ? "te laat" : "op tijd")} ingediend). Beslissen uiterlijk {Amsterdam.FormatDate(r.HandlingDueOn)}.";
        return Redirect($"/behandeling/bezwaren/{r.Id}");
    }

    [HttpGet("bezwaren/{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct) => await DetailsView(id, null, ct);

    [HttpPost("bezwaren/{id:int}/verschoonbaarheid"), Authorize(Roles = Roles.Behandelaar)]
    public async Task<IActionResult> Excuse(int id, ExcuseLateness.Form form, [FromServices] ExcuseLateness.Handler handler, CancellationToken ct)
        => await Done(id, ModelState.Refused<bool>() ?? await handler.HandleAsync(Me, id, form, ct), new ObjectionPage.Forms { Excuse = form },
            excusable => excusable ? "De termijnoverschrijding is verschoonbaar verklaard." : "De termijnoverschrijding is niet verschoonbaar verklaard.", ct);

    [HttpPost("bezwaren/{id:int}/verdagen"), Authorize(Roles = Roles.Behandelaar)]
    public async Task<IActionResult> Extend(int id, ExtendHandlingTerm.Form form, [FromServices] ExtendHandlingTerm.Handler handler, CancellationToken ct)
        => await Done(id, ModelState.Refused<DateOnly>() ?? await handler.HandleAsync(Me, id, form, ct), new ObjectionPage.Forms { Extend = form },
            due => $"De beslistermijn op het bezwaar is verdaagd tot en met {Amsterdam.FormatDate(due)}.", ct);

    [HttpPost("bezwaren/{id:int}/beslissing"), Authorize(Roles = Roles.Behandelaar)]
    public async Task<IActionResult> Decide(int id, DecideObjection.Form form, [FromServices] DecideObjection.Handler handler, CancellationToken ct)
        => await Done(id, ModelState.Refused<ObjectionOutcome>() ?? await handler.HandleAsync(Me, id, form, ct), new ObjectionPage.Forms { Decide = form },
            outcome => $"Op het bezwaar is beslist: {ObjectionRules.Label(outcome)}. Het bezwaar is gesloten.", ct);

    /// <summary>PRG to the bezwaar's page with a notice; on a refusal, that page again with the errors and what was posted.</summary>
    private async Task<IActionResult> Done<T>(int id, Outcome<T> outcome, ObjectionPage.Forms posted, Func<T, string> notice, CancellationToken ct)
    {
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return await DetailsView(id, posted, ct);
        }
        TempData["Notice"] = notice(outcome.Value!);
        return Redirect($"/behandeling/bezwaren/{id}");
    }

    private async Task<IActionResult> DetailsView(int id, ObjectionPage.Forms? forms, CancellationToken ct)
    {
        return await ObjectionQueries.FindAsync(db, id, ct) is { } line
            ? View(nameof(Details), new ObjectionPage(line, Amsterdam.Today(clock), forms ?? new ObjectionPage.Forms()))
            : NotFound();
    }
}

/// <summary>One bezwaar's page: its facts and the forms that change it (with what was posted, after a refusal).</summary>
public sealed record ObjectionPage(ObjectionQueries.Line Objection, DateOnly Today, ObjectionPage.Forms Posted)
{
    public sealed record Forms
    {
        public ExcuseLateness.Form Excuse { get; init; } = new(null, null);
        public ExtendHandlingTerm.Form Extend { get; init; } = new(null);
        public DecideObjection.Form Decide { get; init; } = new(null, null);
    }

    /// <summary>Awb 7:10(3): once, while open and the term has not passed.</summary>
    public bool CanExtend => Objection.IsOpen && !Objection.IsExtended && Today <= Objection.HandlingDueOn;
}
