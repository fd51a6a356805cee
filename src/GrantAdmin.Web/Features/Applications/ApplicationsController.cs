using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Applications;

[Route("aanvragen")]
public sealed class ApplicationsController(ApplicationQueries queries, TimeProvider clock) : Controller
{
    private const long UploadRequestLimit = 64L * 1024 * 1024; // the plan's own limit (a setting) is checked with a Dutch message

    private CurrentUser Me => CurrentUser.From(User);

    [Authorize(Roles = Roles.Applicants), HttpGet("")]
    public async Task<IActionResult> Dashboard([FromServices] Dashboard.Handler handler, CancellationToken ct) =>
        View(await handler.LoadAsync(Me, ct));

    [Authorize(Roles = Roles.Applicants), HttpPost("starten")]
    public async Task<IActionResult> Start(int roundId, [FromServices] Dashboard.Handler handler, CancellationToken ct)
    {
        var outcome = await handler.StartAsync(Me, roundId, ct);
        if (outcome.Succeeded) return RedirectToAction(nameof(Edit), new { id = outcome.Value });
        ModelState.AddErrors(outcome.Errors);
        return View(nameof(Dashboard), await handler.LoadAsync(Me, ct));
    }

    [Authorize(Roles = Roles.Applicants + "," + Roles.GrantsOffice), HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, [FromServices] Db db, [FromServices] CaseForGemeente.Handler caseView, [FromServices] TimeProvider clock, CancellationToken ct)
    {
        if (await queries.FindAsync(id, Me, ct) is not { } application) return NotFound();
        var round = await queries.RoundAsync(application.RoundId, ct);
        return View(new DetailsPage(application, round,
            await queries.PlanVersionsAsync(application, Me, ct), await caseView.LoadAsync(application, round, ct),
            await SubmitSupplement.OpenRequestAsync(db, application, Amsterdam.Today(clock), ct)));
    }

    [Authorize(Roles = Roles.Applicants), HttpGet("{id:int}/bewerken")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        if (await queries.FindAsync(id, Me, ct) is not { } application) return NotFound();
        if (application.StateValue != ApplicationState.Concept) return RedirectToAction(nameof(Details), new { id });
        return await EditPage(application, application.Draft.ToForm(application.CurrentPlanId), ct);
    }

    [Authorize(Roles = Roles.Applicants), HttpPost("{id:int}/bewerken")]
    [RequestSizeLimit(UploadRequestLimit), RequestFormLimits(MultipartBodyLengthLimit = UploadRequestLimit)]
    public async Task<IActionResult> Edit(int id, DraftForm form, IFormFile? plan, string? next,
        [FromServices] EditDraft.Handler handler, CancellationToken ct)
    {
        if (await queries.FindAsync(id, Me, ct) is not { } application) return NotFound();
        var round = await queries.RoundAsync(application.RoundId, ct);
        var outcome = ModelState.Refused<int?>() ?? await handler.SaveAsync(Me, application, round, form, plan, ct);
        if (!outcome.Succeeded)
        {
            ModelState.Clear();
            ModelState.AddErrors(outcome.Errors);
            return await EditPage(application, form with { PlanId = outcome.Value }, ct);
        }
        if (next == "review") return RedirectToAction(nameof(Review), new { id });
        TempData["Notice"] = "Uw concept is opgeslagen. U kunt later verder gaan.";
        return RedirectToAction(nameof(Edit), new { id });
    }

    [Authorize(Roles = Roles.Applicants), HttpGet("{id:int}/indienen")]
    public async Task<IActionResult> Review(int id, CancellationToken ct)
    {
        if (await queries.FindAsync(id, Me, ct) is not { } application) return NotFound();
        if (application.StateValue != ApplicationState.Concept) return RedirectToAction(nameof(Details), new { id });
        return await ReviewPage(application, ct);
    }

    [Authorize(Roles = Roles.Tekenbevoegde), HttpPost("{id:int}/indienen")]
    public async Task<IActionResult> Submit(int id, [FromServices] SubmitApplication.Handler handler, CancellationToken ct)
    {
        // The handler looks the application up under the round's lock (only the gemeente's own): no lookup before it.
        var outcome = await handler.HandleAsync(Me, id, ct);
        if (outcome.Errors.ContainsKey(FormLevel.Status) && await queries.FindAsync(id, Me, ct) is null) return NotFound();
        if (outcome is { Succeeded: true, Value: var receipt })
        {
            // A repeated press (a lost response, a second tab) is answered with the first submission's receipt, never an error.
            if (receipt!.Repeated)
                TempData["Notice"] = $"Deze aanvraag was al ingediend op {Amsterdam.Format(receipt.ReceivedAtUtc)} met kenmerk {receipt.Kenmerk}. Hieronder staat de ontvangstbevestiging.";
            return RedirectToAction(nameof(Receipt), new { id });
        }
        return await ReviewPage((await queries.FindAsync(id, Me, ct))!, ct, outcome.Errors);
    }

    [Authorize(Roles = Roles.Applicants + "," + Roles.GrantsOffice), HttpGet("{id:int}/ontvangstbevestiging")]
    public async Task<IActionResult> Receipt(int id, [FromServices] ReceiptDocument receipts, CancellationToken ct)
    {
        if (await queries.FindAsync(id, Me, ct) is not { Kenmerk: not null }) return NotFound();
        // No receipt without the plan it names (data loaded around the handlers, such as the load generator's, may lack one).
        return await receipts.LoadModelAsync(id, ct) is { } receipt ? View(receipt) : NotFound();
    }

    [Authorize(Roles = Roles.Applicants + "," + Roles.GrantsOffice), HttpGet("{id:int}/ontvangstbevestiging.pdf")]
    public async Task<IActionResult> ReceiptPdf(int id, [FromServices] Documents documents, CancellationToken ct)
    {
        if (await queries.FindAsync(id, Me, ct) is not { Kenmerk: not null }) return NotFound();
        if (await documents.DownloadAsync(id, ReceiptDocument.Kind, ct) is not { } pdf) return NotFound();
        return File(pdf.Content, "application/pdf", pdf.FileName);
    }

    [Authorize(Roles = Roles.Applicants + "," + Roles.GrantsOffice), HttpGet("{id:int}/projectplan/{planId:int}")]
    public async Task<IActionResult> DownloadPlan(int id, int planId, CancellationToken ct)
    {
        if (await queries.FindAsync(id, Me, ct) is not { } application) return NotFound();
        if (await queries.PlanContentAsync(application, planId, Me, ct) is not { } plan) return NotFound();
        return File(plan.Content, PlanFiles.ContentType(Enum.Parse<PlanFormat>(plan.Format)), plan.FileName);
    }

    [Authorize(Roles = Roles.Applicants + "," + Roles.GrantsOffice), HttpGet("{id:int}/brieven/{kind}")]
    public async Task<IActionResult> Letter(int id, string kind, [FromServices] Documents documents, CancellationToken ct)
    {
        if (await queries.FindAsync(id, Me, ct) is not { Kenmerk: not null }) return NotFound();
        if (await documents.DownloadAsync(id, kind, ct) is not { } pdf) return NotFound();
        return File(pdf.Content, "application/pdf", pdf.FileName);
    }

    [Authorize(Roles = Roles.Tekenbevoegde), HttpGet("{id:int}/aanvullen")]
    public async Task<IActionResult> Supplement(int id, [FromServices] SubmitSupplement.Handler handler, CancellationToken ct)
    {
        if (await queries.FindAsync(id, Me, ct) is not { } application) return NotFound();
        return await handler.LoadAsync(application, null, ct) is { } page ? View(page) : RedirectToAction(nameof(Details), new { id });
    }

    [Authorize(Roles = Roles.Tekenbevoegde), HttpPost("{id:int}/aanvullen")]
    [RequestSizeLimit(UploadRequestLimit), RequestFormLimits(MultipartBodyLengthLimit = UploadRequestLimit)]
    public async Task<IActionResult> Supplement(int id, DraftForm form, IFormFile? plan, [FromServices] SubmitSupplement.Handler handler, CancellationToken ct)
    {
        if (await queries.FindAsync(id, Me, ct) is not { } application) return NotFound();
        var round = await queries.RoundAsync(application.RoundId, ct);
        var outcome = ModelState.Refused<int?>() ?? await handler.HandleAsync(Me, application, round, form, plan, ct);
        if (outcome.Succeeded)
        {
            TempData["Notice"] = "Uw aanvulling is ontvangen. De ontvangstbevestiging komt ook per e-mail.";
            return RedirectToAction(nameof(Details), new { id });
        }
        ModelState.Clear();
        ModelState.AddErrors(outcome.Errors);
        return await handler.LoadAsync(application, form with { PlanId = outcome.Value }, ct) is { } page ? View(page) : RedirectToAction(nameof(Details), new { id });
    }

    [Authorize(Roles = Roles.Tekenbevoegde), HttpGet("{id:int}/intrekken")]
    public async Task<IActionResult> Withdraw(int id, CancellationToken ct)
    {
        if (await queries.FindAsync(id, Me, ct) is not { } application) return NotFound();
        return View(new WithdrawPage(application, new WithdrawApplication.Form(null)));
    }

    [Authorize(Roles = Roles.Tekenbevoegde), HttpPost("{id:int}/intrekken")]
    public async Task<IActionResult> Withdraw(int id, WithdrawApplication.Form form, [FromServices] WithdrawApplication.Handler handler, CancellationToken ct)
    {
        if (await queries.FindAsync(id, Me, ct) is not { } application) return NotFound();
        var outcome = ModelState.Refused<int>() ?? await handler.HandleAsync(Me, application, form, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return View(new WithdrawPage(application, form));
        }
        TempData["Notice"] = $"Aanvraag {application.Kenmerk} is ingetrokken.";
        return RedirectToAction(nameof(Details), new { id });
    }

    public sealed record DetailsPage(ApplicationRow Application, Round Round, IReadOnlyList<PlanVersion> Plans, CaseForGemeente.Page Case,
        SubmitSupplement.Request? CompletionRequest);
    public sealed record ReviewModel(ApplicationRow Application, Round Round, Errors Problems, WindowStatus Window, bool MaySubmit);
    public sealed record WithdrawPage(ApplicationRow Application, WithdrawApplication.Form Form);

    private async Task<IActionResult> EditPage(ApplicationRow application, DraftForm form, CancellationToken ct)
    {
        var round = await queries.RoundAsync(application.RoundId, ct);
        var plan = form.PlanId is { } planId ? await queries.StagedPlanAsync(planId, application, ct) : null;
        return View("Edit", new EditDraft.Page(application, round, form, plan));
    }

    /// <summary>
    /// The check-answers page. A refused submission's errors and whatever is still incomplete make one error summary; while
    /// something is incomplete (or the round is not open) no submit button is offered beside it.
    /// </summary>
    private async Task<IActionResult> ReviewPage(ApplicationRow application, CancellationToken ct, Errors? refused = null)
    {
        var round = await queries.RoundAsync(application.RoundId, ct);
        var problems = ApplicationRules.CheckComplete(application.Draft, application.CurrentPlanId is not null);
        if (refused is not null) ModelState.AddErrors(refused);
        foreach (var (field, message) in problems)
            if (ModelState.ErrorFor(field) is null) ModelState.AddModelError(field, message);
        var window = round.Window.StatusAt(clock.GetUtcNow().UtcDateTime);
        return View("Review", new ReviewModel(application, round, problems, window, Me.Role == Roles.Tekenbevoegde));
    }
}
