using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Decisions;

/// <summary>Verzendrondes: the decisions waiting for their letter, starting a run, and a run's progress.</summary>
[Route("behandeling/verzenden"), Authorize(Roles = Roles.GrantsOffice)]
public sealed class SendLettersController(SendLetters.Handler handler) : Controller
{
    private const string IndexView = "/Features/Decisions/SendLetters.cshtml";
    private const string ProgressView = "/Features/Decisions/SendLettersProgress.cshtml";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(IndexView, await handler.LoadAsync(null, ct));

    [HttpPost("")]
    public async Task<IActionResult> Start(SendLetters.Form form, CancellationToken ct)
    {
        var outcome = ModelState.Refused<int>() ?? await handler.StartAsync(CurrentUser.From(User), form, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return View(IndexView, await handler.LoadAsync(form, ct));
        }
        TempData["Notice"] = "De verzendronde is gestart. Deze pagina toont hoe ver zij is.";
        return Redirect($"/behandeling/verzenden/{outcome.Value}");
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Progress(int id, CancellationToken ct) =>
        await handler.ProgressAsync(id, ct) is { } progress ? View(ProgressView, progress) : NotFound();
}
