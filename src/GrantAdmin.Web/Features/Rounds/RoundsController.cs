using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Rounds;

[Route("beheer/rondes"), Authorize(Roles = Roles.Beheerder)]
public sealed class RoundsController(FixLotterySeed.Handler handler) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await handler.LoadAsync(ct));

    [HttpPost("{code}/loting")]
    public async Task<IActionResult> FixSeed(string code, FixLotterySeed.Form form, CancellationToken ct)
    {
        var outcome = ModelState.Refused<string>() ?? await handler.HandleAsync(CurrentUser.From(User), code, form, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return View(nameof(Index), await handler.LoadAsync(ct));
        }
        TempData["Notice"] = $"Het lotingzaad is vastgelegd. SHA-256: {outcome.Value}";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{code}/betaalpercentage")]
    public async Task<IActionResult> SetPaymentPercentage(string code, SetPaymentPercentage.Form form, [FromServices] SetPaymentPercentage.Handler percentages,
        CancellationToken ct)
    {
        var outcome = ModelState.Refused<int>() ?? await percentages.HandleAsync(CurrentUser.From(User), code, form, ct);
        if (!outcome.Succeeded)
        {
            // The field is per round: its error shows at that round's field.
            ModelState.AddErrors(outcome.Errors);
            ViewData["PercentageRound"] = code;
            ViewData["PercentageValue"] = form.PaymentPercentage;
            return View(nameof(Index), await handler.LoadAsync(ct));
        }
        TempData["Notice"] = $"Het betaalpercentage van ronde {code} is {outcome.Value}%.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{code}/te-late-aanvulling")]
    public async Task<IActionResult> SetLateSupplementPolicy(string code, SetLateSupplementPolicy.Form form,
        [FromServices] SetLateSupplementPolicy.Handler policies, CancellationToken ct)
    {
        var outcome = ModelState.Refused<string>() ?? await policies.HandleAsync(CurrentUser.From(User), code, form, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            ViewData["LateRound"] = code;
            return View(nameof(Index), await handler.LoadAsync(ct));
        }
        TempData["Notice"] = $"Ronde {code}: {Applications.LateSupplement.Label(outcome.Value!)}";
        return RedirectToAction(nameof(Index));
    }
}
