using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Settlement;

/// <summary>Settlement through SiSa, from the reviewer's case: record spending, prepare the vaststelling, approve or return it.</summary>
[Route("behandeling/{id:int}/vaststelling")]
public sealed class SettlementController : Controller
{
    private const string ViewPath = "/Features/Settlement/Settlement.cshtml";

    private CurrentUser Me => CurrentUser.From(User);

    private string Here(int id) => $"/behandeling/{id}/vaststelling";

    [HttpGet(""), Authorize(Roles = Roles.GrantsOffice)]
    public async Task<IActionResult> Show(int id, [FromServices] SettlementPage.Handler pages, CancellationToken ct) =>
        await pages.LoadAsync(Me, id, ct) is { } page ? View(ViewPath, page) : NotFound();

    [HttpPost("besteding"), Authorize(Roles = Roles.GrantsOffice)]
    public async Task<IActionResult> Record(int id, RecordSpending.Form form, [FromServices] RecordSpending.Handler record,
        [FromServices] SettlementPage.Handler pages, CancellationToken ct)
    {
        var outcome = ModelState.Refused<RecordSpending.Recorded>() ?? await record.HandleAsync(Me, id, form, ct);
        if (!outcome.Succeeded) return await PageWithErrors(id, outcome.Errors, pages, ct, spendingForm: form);
        var r = outcome.Value!;
        TempData["Notice"] = $"De besteding over {r.Year} is {(r.Corrected ? "gecorrigeerd" : "vastgelegd")}: {Money.Euros(r.AmountCents)}.";
        return Redirect(Here(id));
    }

    [HttpPost(""), Authorize(Roles = Roles.GrantsOffice)]
    public async Task<IActionResult> Prepare(int id, PrepareSettlement.Form form, [FromServices] PrepareSettlement.Handler prepare,
        [FromServices] SettlementPage.Handler pages, CancellationToken ct)
    {
        var outcome = ModelState.Refused<int>() ?? await prepare.HandleAsync(Me, id, form, ct);
        if (!outcome.Succeeded) return await PageWithErrors(id, outcome.Errors, pages, ct, prepareForm: form);
        TempData["Notice"] = "De vaststelling is voorbereid en ligt ter accordering bij een andere accordeerder.";
        return Redirect(Here(id));
    }

    [HttpPost("accorderen"), Authorize(Roles = Roles.Accordeerder)]
    public async Task<IActionResult> Approve(int id, [FromServices] ReviewSettlement.Handler review, [FromServices] SettlementPage.Handler pages, CancellationToken ct)
    {
        var outcome = await review.ApproveAsync(Me, id, ct);
        if (!outcome.Succeeded) return await PageWithErrors(id, outcome.Errors, pages, ct);
        TempData["Notice"] = "De vaststelling is geaccordeerd; de brief gaat per e-mail naar de gemeente.";
        return Redirect(Here(id));
    }

    [HttpPost("terugsturen"), Authorize(Roles = Roles.Accordeerder)]
    public async Task<IActionResult> Return(int id, ReviewSettlement.ReturnForm form, [FromServices] ReviewSettlement.Handler review,
        [FromServices] SettlementPage.Handler pages, CancellationToken ct)
    {
        var outcome = ModelState.Refused<int>() ?? await review.ReturnAsync(Me, id, form, ct);
        if (!outcome.Succeeded) return await PageWithErrors(id, outcome.Errors, pages, ct);
        TempData["Notice"] = "De vaststelling is teruggestuurd naar de voorbereider.";
        return Redirect(Here(id));
    }

    private async Task<IActionResult> PageWithErrors(int id, Errors errors, SettlementPage.Handler pages, CancellationToken ct,
        RecordSpending.Form? spendingForm = null, PrepareSettlement.Form? prepareForm = null)
    {
        if (await pages.LoadAsync(Me, id, ct, spendingForm, prepareForm) is not { } page) return NotFound();
        ModelState.AddErrors(errors);
        return View(ViewPath, page);
    }
}
