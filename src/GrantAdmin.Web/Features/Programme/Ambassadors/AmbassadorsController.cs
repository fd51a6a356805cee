using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Programme.Ambassadors;

/// <summary>Ambassadors of the Koploper programme: the programmamanager edits, the grants office reads, a gemeente sees its own contacts.</summary>
public sealed class AmbassadorsController(ManageAmbassador.Handler handler) : Controller
{
    private const string Readers = Roles.Programmamanager + "," + Roles.GrantsOffice;
    private const string Views = "~/Features/Programme/Ambassadors/";

    private CurrentUser Me => CurrentUser.From(User);

    [Authorize(Roles = Readers), HttpGet("programma/deelnemers/{id:int}/ambassadeur")]
    public async Task<IActionResult> Ambassador(int id, CancellationToken ct) =>
        await handler.LoadAsync(Me, id, ct: ct) is { } page ? View(Views + "Ambassador.cshtml", page) : NotFound();

    [Authorize(Roles = Roles.Programmamanager), HttpPost("programma/deelnemers/{id:int}/ambassadeur")]
    public async Task<IActionResult> Make(int id, ManageAmbassador.SinceForm form, CancellationToken ct)
    {
        var outcome = ModelState.Refused<ManageAmbassador.Made>() ?? await handler.MakeAsync(Me, id, form, ct);
        return await DoneAsync(id, outcome.Errors, outcome.Value switch
        {
            null or { Created: false } => "De datum is bijgewerkt.",
            { TargetsAdded: 1 } => "De deelnemer is ambassadeur. 1 gemeente uit de veiligheidsregio is als doelgemeente toegevoegd.",
            var made => $"De deelnemer is ambassadeur. {made.TargetsAdded} gemeenten uit de veiligheidsregio zijn als doelgemeente toegevoegd.",
        }, ct, since: form);
    }

    [Authorize(Roles = Roles.Programmamanager), HttpPost("programma/deelnemers/{id:int}/ambassadeur/doelen")]
    public async Task<IActionResult> AddTarget(int id, ManageAmbassador.TargetForm form, CancellationToken ct)
    {
        var outcome = ModelState.Refused<string>() ?? await handler.AddTargetAsync(Me, id, form, ct);
        return await DoneAsync(id, outcome.Errors, $"{outcome.Value} is toegevoegd als doelgemeente.", ct, target: form);
    }

    [Authorize(Roles = Roles.Programmamanager), HttpPost("programma/deelnemers/{id:int}/ambassadeur/doelen/{municipalityId:int}/verwijderen")]
    public async Task<IActionResult> RemoveTarget(int id, int municipalityId, CancellationToken ct)
    {
        var outcome = await handler.RemoveTargetAsync(Me, id, municipalityId, ct);
        return await DoneAsync(id, outcome.Errors, $"{outcome.Value} is geen doelgemeente meer.", ct);
    }

    [Authorize(Roles = Roles.Programmamanager), HttpPost("programma/deelnemers/{id:int}/ambassadeur/contacten")]
    public async Task<IActionResult> LogContact(int id, OutreachLog.Form form, [FromServices] OutreachLog.Handler log, CancellationToken ct)
    {
        var outcome = ModelState.Refused<int>() ?? await log.LogAsync(Me, id, form, ct);
        return await DoneAsync(id, outcome.Errors, "Het contact is vastgelegd.", ct, contact: form);
    }

    [Authorize(Roles = Readers), HttpGet("programma/regio")]
    public async Task<IActionResult> Regions([FromServices] RegionOverview.Handler regions, CancellationToken ct) =>
        View(Views + "Regions.cshtml", await regions.RegionsAsync(ct));

    [Authorize(Roles = Readers), HttpGet("programma/regio/{regionCode}")]
    public async Task<IActionResult> Region(string regionCode, [FromServices] RegionOverview.Handler regions, CancellationToken ct) =>
        await regions.RegionAsync(Me, regionCode, ct) is { } page ? View(Views + "Region.cshtml", page) : NotFound();

    [Authorize(Roles = Roles.Applicants), HttpGet("mijn-deelname/contacten")]
    public async Task<IActionResult> MyContacts([FromServices] MyContacts.Handler contacts, CancellationToken ct) =>
        View(Views + "MyContacts.cshtml", await contacts.LoadAsync(Me, ct));

    /// <summary>Success: back to the page with a notice (PRG). Errors: the page again, with the form as typed and the Dutch messages.</summary>
    private async Task<IActionResult> DoneAsync(int id, Errors errors, string notice, CancellationToken ct,
        ManageAmbassador.SinceForm? since = null, ManageAmbassador.TargetForm? target = null, OutreachLog.Form? contact = null)
    {
        if (errors.None)
        {
            TempData["Notice"] = notice;
            return RedirectToAction(nameof(Ambassador), new { id });
        }
        if (await handler.LoadAsync(Me, id, since, target, contact, ct) is not { } page) return NotFound();
        ModelState.Clear();
        ModelState.AddErrors(errors);
        return View(Views + "Ambassador.cshtml", page);
    }
}
