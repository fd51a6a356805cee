using System.Globalization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Decisions;

/// <summary>Verzendrondes: the decisions waiting for their letter, starting a run, and a run's progress.</summary>
[Route("behandeling/verzenden"), Authorize(Roles = Roles.GrantsOffice)]
public sealed class SendLettersController(SendLetters.Handler handler, VersionedCache cache) : Controller
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

    /// <summary>
    /// A run under way is read at each refresh. A finished run never changes (its failed letters go out in a new run), so
    /// its letters (342 in a national round: 7 ms a request) are read and rendered once per process and kept, under its id and
    /// start (an id alone could come back after a database is restored).
    /// </summary>
    [HttpGet("{id:int}")]
    public async Task<IActionResult> Progress(int id, CancellationToken ct)
    {
        if (await handler.RunAsync(id, ct) is not { } run) return NotFound();
        if (run.FinishedAtUtc is null) return View(ProgressView, await handler.ProgressAsync(run, ct));
        return await RenderedBody.ShowCachedAsync(this, cache, VersionedCache.Key("verzendronde", ("id", id.ToString(CultureInfo.InvariantCulture)),
            ("gestart", run.CreatedAtUtc.Ticks.ToString(CultureInfo.InvariantCulture))), FinishedRun,
            async () => new RenderedBody(SendLetters.ProgressTitle(run), await RazorRenderer.RenderBodyAsync(this, ProgressView, await handler.ProgressAsync(run, ct))));
    }

    /// <summary>The one version a finished run has.</summary>
    private const long FinishedRun = 0;
}
