using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Users;

[Route("beheer/gebruikers"), Authorize(Roles = Roles.Beheerder)]
public sealed class UsersController(ManageUsers.Handler handler, LinkExternalLogin.Handler links) : Controller
{
    private static readonly ManageUsers.Form EmptyForm = new(null, null, null, null, null);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await handler.LoadAsync(EmptyForm, ct));

    [HttpPost("")]
    public async Task<IActionResult> Create(ManageUsers.Form form, CancellationToken ct)
    {
        var outcome = ModelState.Refused<int>() ?? await handler.CreateAsync(CurrentUser.From(User), form, ct);
        if (outcome.Succeeded)
        {
            TempData["Notice"] = $"Gebruiker {form.Email} is aangemaakt.";
            return RedirectToAction(nameof(Index));
        }
        ModelState.AddErrors(outcome.Errors);
        return View(nameof(Index), await handler.LoadAsync(form with { Password = null }, ct));
    }

    /// <summary>Deactivating is asked for first and confirmed here, with what it does: a click in a table is easily a mistake.</summary>
    [HttpGet("{id:int}/deactiveren")]
    public async Task<IActionResult> ConfirmDeactivate(int id, CancellationToken ct) =>
        await handler.ToDeactivateAsync(CurrentUser.From(User), id, ct) is { } user ? View("Deactivate", user) : NotFound();

    [HttpPost("{id:int}/deactiveren")]
    public async Task<IActionResult> Deactivate(int id, CancellationToken ct) =>
        await BackToListAsync(await handler.DeactivateAsync(CurrentUser.From(User), id, ct),
            _ => "De gebruiker is gedeactiveerd; lopende sessies zijn beëindigd.", ct);

    [HttpPost("{id:int}/sessies-beeindigen")]
    public async Task<IActionResult> EndSessions(int id, CancellationToken ct) =>
        await BackToListAsync(await handler.EndSessionsAsync(CurrentUser.From(User), id, ct),
            ended => ended == 1 ? "Eén sessie is beëindigd." : $"{ended} sessies zijn beëindigd.", ct);

    [HttpGet("{id:int}/koppelen")]
    public async Task<IActionResult> Links(int id, CancellationToken ct) =>
        await links.LoadAsync(id, new(null, null, null), ct) is { } page ? View("Link", page) : NotFound();

    [HttpPost("{id:int}/koppelen")]
    public async Task<IActionResult> Link(int id, LinkExternalLogin.Form form, CancellationToken ct) =>
        await BackToLinksAsync(id, ModelState.Refused<int>() ?? await links.LinkAsync(CurrentUser.From(User), id, form, ct),
            "De inlog is gekoppeld.", form, ct);

    [HttpPost("{id:int}/ontkoppelen")]
    public async Task<IActionResult> Unlink(int id, LinkExternalLogin.UnlinkForm form, CancellationToken ct) =>
        await BackToLinksAsync(id, ModelState.Refused<int>() ?? await links.UnlinkAsync(CurrentUser.From(User), id, form, ct),
            "De koppeling is verwijderd. Met deze inlog kan de gebruiker niet meer inloggen.", new(null, null, null), ct);

    /// <summary>An action on a user's links answers with the links page: a notice when done, the reasons at the form when refused.</summary>
    private async Task<IActionResult> BackToLinksAsync(int id, Outcome<int> outcome, string notice, LinkExternalLogin.Form form, CancellationToken ct)
    {
        if (outcome.Succeeded)
        {
            TempData["Notice"] = notice;
            return RedirectToAction(nameof(Links), new { id });
        }
        ModelState.AddErrors(outcome.Errors);
        return await links.LoadAsync(id, form, ct) is { } page ? View("Link", page) : await BackToListAsync(outcome, _ => "", ct);
    }

    /// <summary>An action on one user answers with the list: a notice when done, the reason at the top when refused.</summary>
    private async Task<IActionResult> BackToListAsync(Outcome<int> outcome, Func<int, string> notice, CancellationToken ct)
    {
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return View(nameof(Index), await handler.LoadAsync(EmptyForm, ct));
        }
        TempData["Notice"] = notice(outcome.Value);
        return RedirectToAction(nameof(Index));
    }
}
