using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Decisions;

/// <summary>Preparing, approving and returning decisions, from the reviewer's case page.</summary>
[Route("behandeling/{id:int}/besluit")]
public sealed class DecisionsController : Controller
{
    private CurrentUser Me => CurrentUser.From(User);

    [HttpPost(""), Authorize(Roles = Roles.GrantsOffice)]
    public async Task<IActionResult> Prepare(int id, PrepareDecision.Form form, [FromServices] PrepareDecision.Handler prepare,
        [FromServices] CaseFile.Handler cases, CancellationToken ct)
    {
        var outcome = ModelState.Refused<int>() ?? await prepare.HandleAsync(Me, id, form, ct);
        if (!outcome.Succeeded) return await CaseWithErrors(id, outcome.Errors, form, cases, ct);
        TempData["Notice"] = "Het besluit is voorbereid en ligt ter accordering bij een andere accordeerder.";
        return Redirect($"/behandeling/{id}");
    }

    [HttpPost("accorderen"), Authorize(Roles = Roles.Accordeerder)]
    public async Task<IActionResult> Approve(int id, ReviewDecision.ApproveForm form, [FromServices] ReviewDecision.Handler review,
        [FromServices] CaseFile.Handler cases, CancellationToken ct)
    {
        var outcome = await review.ApproveAsync(Me, id, form, ct);
        if (!outcome.Succeeded) return await CaseWithErrors(id, outcome.Errors, null, cases, ct);
        TempData["Notice"] = outcome.Value!.DispatchId is null
            ? "Het besluit is geaccordeerd. De brief wacht op een verzendronde (Verzenden)."
            : "Het besluit is geaccordeerd; de brief wordt nu verzonden en gaat per e-mail naar de gemeente.";
        return Redirect($"/behandeling/{id}");
    }

    [HttpPost("terugsturen"), Authorize(Roles = Roles.Accordeerder)]
    public async Task<IActionResult> Return(int id, ReviewDecision.ReturnForm form, [FromServices] ReviewDecision.Handler review,
        [FromServices] CaseFile.Handler cases, CancellationToken ct)
    {
        var outcome = ModelState.Refused<int>() ?? await review.ReturnAsync(Me, id, form, ct);
        if (!outcome.Succeeded) return await CaseWithErrors(id, outcome.Errors, null, cases, ct);
        TempData["Notice"] = "Het besluit is teruggestuurd naar de voorbereider.";
        return Redirect($"/behandeling/{id}");
    }

    private async Task<IActionResult> CaseWithErrors(int id, Infrastructure.Errors errors, PrepareDecision.Form? form, CaseFile.Handler cases, CancellationToken ct)
    {
        if (await cases.LoadAsync(Me, id, null, ct, form) is not { } page) return NotFound();
        ModelState.AddErrors(errors);
        return View("/Features/Cases/Case.cshtml", page);
    }
}
