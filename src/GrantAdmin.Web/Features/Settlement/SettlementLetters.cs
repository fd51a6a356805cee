using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Settlement;

/// <summary>
/// The gemeente's portal: the approved vaststelling with its letter. A view component, so the application page only
/// names it; the page itself has already checked that the user may see the application.
/// </summary>
public sealed class SettlementLettersViewComponent(Db db) : ViewComponent
{
    public sealed record Sent(int Id, long FinalCents, long PaybackCents, DateOnly SentOn, DateOnly? PaybackDueOn, DateOnly ObjectionDueOn);

    public sealed record Letters(int ApplicationId, IReadOnlyList<Sent> Sent);

    internal const string SentSql = """
        SELECT id, final_cents AS FinalCents, payback_cents AS PaybackCents, sent_on AS SentOn, payback_due_on AS PaybackDueOn, objection_due_on AS ObjectionDueOn
        FROM settlements WHERE application_id = @applicationId AND status = 'Goedgekeurd' ORDER BY id
        """;

    public async Task<IViewComponentResult> InvokeAsync(int applicationId) =>
        View("/Features/Settlement/SettlementLetters.cshtml", new Letters(applicationId, await db.QueryAsync<Sent>(SentSql, new { applicationId }, HttpContext.RequestAborted)));
}
