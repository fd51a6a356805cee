using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Programme.Progress;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using static GrantAdmin.Web.Features.Programme.Budget.BudgetRules;

namespace GrantAdmin.Web.Features.Programme.Budget;

/// <summary>Programme budget: the programmamanager books allocations and spending, the grants office reads.</summary>
[Authorize(Roles = ProgressController.Readers)]
public sealed class BudgetController(ParticipantBudget.Handler budget, CohortBudget.Handler cohorts) : Controller
{
    private const string Participant = "programma/deelnemers/{id:int}/budget";

    public static string PathOf(int participantId) => $"/programma/deelnemers/{participantId}/budget";

    [HttpGet(Participant)]
    public Task<IActionResult> Index(int id, CancellationToken ct) => PageAsync(id, null, null, ct);

    [HttpPost(Participant + "/toekenningen"), Authorize(Roles = Roles.Programmamanager)]
    public async Task<IActionResult> AddAllocation(int id, AllocationForm form, CancellationToken ct) =>
        await DoneAsync(id, ModelState.Refused<int>() ?? await budget.AddAllocationAsync(CurrentUser.From(User), id, form, ct), "De toekenning is geboekt.", form, null, ct);

    [HttpPost(Participant + "/uitgaven"), Authorize(Roles = Roles.Programmamanager)]
    public async Task<IActionResult> AddSpending(int id, SpendingForm form, CancellationToken ct) =>
        await DoneAsync(id, ModelState.Refused<int>() ?? await budget.AddSpendingAsync(CurrentUser.From(User), id, form, ct), "De uitgave is geboekt.", null, form, ct);

    [HttpGet("programma/lichtingen/{id:int}/budget")]
    public async Task<IActionResult> Cohort(int id, CancellationToken ct) =>
        await cohorts.LoadAsync(id, ct) is { } page ? View("~/Features/Programme/Budget/Cohort.cshtml", page) : NotFound();

    private async Task<IActionResult> PageAsync(int id, AllocationForm? allocation, SpendingForm? spending, CancellationToken ct) =>
        await budget.LoadAsync(id, User.IsInRole(Roles.Programmamanager), allocation, spending, ct) is { } page
            ? View("~/Features/Programme/Budget/Index.cshtml", page)
            : NotFound();

    private async Task<IActionResult> DoneAsync(int id, Outcome<int> outcome, string notice, AllocationForm? allocation, SpendingForm? spending, CancellationToken ct)
    {
        if (outcome.Succeeded)
        {
            TempData["Notice"] = notice;
            return Redirect(PathOf(id));
        }
        if (ParticipantProgress.IsNotFound(outcome)) return NotFound();
        ModelState.AddErrors(outcome.Errors);
        return await PageAsync(id, allocation, spending, ct);
    }
}
