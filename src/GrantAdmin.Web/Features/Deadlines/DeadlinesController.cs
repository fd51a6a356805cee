using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Deadlines;

[Route("beheer/aangewezen-dagen"), Authorize(Roles = Roles.Beheerder)]
public sealed class DeadlinesController(DesignatedDays.Handler handler) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await handler.LoadAsync(new DesignatedDays.Form(null, null), ct));

    [HttpPost("")]
    public async Task<IActionResult> Add(DesignatedDays.Form form, CancellationToken ct) =>
        await DoneAsync(ModelState.Refused<DateOnly>() ?? await handler.AddAsync(CurrentUser.From(User), form, ct), form, "De dag is aangewezen.", ct);

    [HttpPost("{day}/verwijderen")]
    public async Task<IActionResult> Remove(DateOnly day, CancellationToken ct) =>
        await DoneAsync(await handler.RemoveAsync(CurrentUser.From(User), day, ct), new DesignatedDays.Form(null, null), "De aanwijzing is verwijderd.", ct);

    private async Task<IActionResult> DoneAsync(Infrastructure.Outcome<DateOnly> outcome, DesignatedDays.Form form, string notice, CancellationToken ct)
    {
        if (outcome.Succeeded)
        {
            TempData["Notice"] = notice;
            return RedirectToAction(nameof(Index));
        }
        ModelState.AddErrors(outcome.Errors);
        return View(nameof(Index), await handler.LoadAsync(form, ct));
    }
}
