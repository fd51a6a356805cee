using GrantAdmin.Web.Features.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace GrantAdmin.Web.Features.Account;

public sealed class AccountController(LoginHandler login, ChangePassword.Handler changePassword, IOptions<ExternalLoginSettings> externalLogins) : Controller
{
    public const string LoginPath = "/inloggen";
    public const string AccessDeniedPath = "/geen-toegang";

    [AllowAnonymous, HttpGet(LoginPath)]
    public IActionResult Login(string? returnUrl) => View(new LoginForm(null, null, returnUrl));

    [AllowAnonymous, HttpPost(LoginPath), EnableRateLimiting(LoginThrottle.AddressPolicy)]
    public async Task<IActionResult> Login(LoginForm form, CancellationToken ct)
    {
        var outcome = await login.HandleAsync(form, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return View(form with { Password = null });
        }
        // A new session under a new key (the session store never continues one on the login page).
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, outcome.Value!);
        // An explicit local ReturnUrl (the page that asked for a login) wins over the role's own start page.
        return Url.IsLocalUrl(form.ReturnUrl)
            ? LocalRedirect(form.ReturnUrl!)
            : LocalRedirect(Roles.LandingPage(CurrentUser.From(outcome.Value!).Role));
    }

    [Authorize, HttpPost("/uitloggen")]
    public async Task<IActionResult> Logout()
    {
        // A session from a provider ends there too: its handler answers with the redirect to the end-session endpoint
        // (reading the id token from our session, so before that session goes).
        var scheme = User.FindFirstValue(ExternalLoginHandler.SchemeClaim);
        var atProvider = externalLogins.Value.Find(scheme) is not null;
        if (atProvider) await HttpContext.SignOutAsync(scheme, new AuthenticationProperties { RedirectUri = "/" });
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return atProvider ? new EmptyResult() : Redirect("/");
    }

    /// <summary>Starts a login at a provider (a link on the login page).</summary>
    [AllowAnonymous, HttpGet("/inloggen/extern/{scheme}")]
    public IActionResult ExternalLogin(string scheme) => externalLogins.Value.Find(scheme) is null
        ? NotFound()
        : Challenge(new AuthenticationProperties { RedirectUri = ExternalLoginEvents.SignedInPath }, scheme);

    /// <summary>
    /// Where a login at a provider lands. The session cookie is SameSite=Strict, so the browser leaves it off on this first
    /// request of a redirect chain that began at the provider; the page then reloads itself from our own site, with it.
    /// </summary>
    [AllowAnonymous, HttpGet(ExternalLoginEvents.SignedInPath)]
    public IActionResult SignedIn(bool opnieuw)
    {
        if (User.Identity?.IsAuthenticated == true) return LocalRedirect(Roles.LandingPage(CurrentUser.From(User).Role));
        return opnieuw ? Redirect(LoginPath) : View();
    }

    [AllowAnonymous, HttpGet(ExternalLoginEvents.RefusedPath)]
    public IActionResult ExternalLoginRefused(string? gegevens) =>
        View(new ExternalLoginRefusedPage(ExternalLoginEvents.ReadRefusal(HttpContext, gegevens), externalLogins.Value.HelpContact));

    [Authorize, HttpGet("/wachtwoord")]
    public IActionResult ChangePassword() => View(new ChangePassword.Form(null, null, null));

    [Authorize, HttpPost("/wachtwoord")]
    public async Task<IActionResult> ChangePassword(ChangePassword.Form form, CancellationToken ct)
    {
        var outcome = ModelState.Refused<int>() ?? await changePassword.HandleAsync(CurrentUser.From(User).Id, form, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return View(new ChangePassword.Form(null, null, null));
        }
        // Every session of this user ended with the change, this one too: signing in again gives a new session key,
        // so a copy of the old cookie opens nothing.
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        TempData["Notice"] = "Uw wachtwoord is gewijzigd. Log opnieuw in met uw nieuwe wachtwoord.";
        return Redirect(LoginPath);
    }

    [AllowAnonymous, HttpGet(AccessDeniedPath)]
    public IActionResult AccessDenied() => View();
}

public sealed record ExternalLoginRefusedPage(ExternalLoginHandler.Refused Refused, string HelpContact);
