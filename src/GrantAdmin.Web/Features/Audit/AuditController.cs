using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Audit;

/// <summary>The grants office exports the audit log of a round (a POST: the export is itself audited).</summary>
[Route("auditlog"), Authorize(Roles = Roles.GrantsOffice)]
public sealed class AuditController(ExportAuditLog.Handler handler) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await handler.LoadAsync(ct));

    [HttpPost("{round}/export")]
    public async Task<IActionResult> Export(string round, CancellationToken ct)
    {
        var outcome = await handler.HandleAsync(CurrentUser.From(User), round, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return View(nameof(Index), await handler.LoadAsync(ct));
        }
        return File(outcome.Value!.Content, "text/csv", outcome.Value.FileName);
    }
}
