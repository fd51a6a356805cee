using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Payments;

/// <summary>The grants office's payment instructions: those not yet exported, the exports made, and the kept files.</summary>
[Route("betalingen"), Authorize(Roles = Roles.GrantsOffice)]
public sealed class PaymentsController(ExportPayments.Handler handler) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await handler.LoadAsync(ct));

    [HttpPost("export")]
    public async Task<IActionResult> Export(CancellationToken ct)
    {
        var outcome = await handler.HandleAsync(CurrentUser.From(User), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return View(nameof(Index), await handler.LoadAsync(ct));
        }
        TempData["Notice"] = $"{outcome.Value!.InstructionCount} betaalopdracht(en) geëxporteerd naar {outcome.Value.FileName}. SHA-256: {outcome.Value.Sha256}";
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("export/{id:int}")]
    public async Task<IActionResult> Download(int id, CancellationToken ct) =>
        await handler.FileAsync(id, ct) is { } file ? File(file.Content, "text/csv", file.FileName) : NotFound();
}
