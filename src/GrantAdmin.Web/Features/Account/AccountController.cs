using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Account;

public sealed class AccountController(LoginHandler login, ChangePassword.Handler changePassword, Db db) : Controller
{
    [AllowAnonymous, HttpGet("/inloggen")]
    public IActionResult Login(string? returnUrl) => View(new LoginForm(null, null, returnUrl));

    [AllowAnonymous, HttpPost("/inloggen")]
    public async Task<IActionResult> Login(LoginForm form, CancellationToken ct)
    {
        var outcome = await login.HandleAsync(form, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return View(form with { Password = null });
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, outcome.Value!);
        return Url.IsLocalUrl(form.ReturnUrl) ? LocalRedirect(form.ReturnUrl!) : Redirect("/");
    }

    [Authorize, HttpPost("/uitloggen")]
    public async Task<IActionResult> Logout()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/");
    }

    [Authorize, HttpGet("/wachtwoord")]
    public IActionResult ChangePassword() => View(new ChangePassword.Form(null, null, null));

    [Authorize, HttpPost("/wachtwoord")]
    public async Task<IActionResult> ChangePassword(ChangePassword.Form form, CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        var outcome = ModelState.Refused<string>() ?? await changePassword.HandleAsync(user.Id, form, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return View(new ChangePassword.Form(null, null, null));
        }
        // The stamp changed: sign this session in again so only the other sessions end.
        var row = await db.QuerySingleOrDefaultAsync<UserRow>(LoginHandler.FindUserSql, new { email = User.FindFirst(System.Security.Claims.ClaimTypes.Email)!.Value }, ct);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, LoginHandler.Principal(row!));
        TempData["Notice"] = "Uw wachtwoord is gewijzigd.";
        return Redirect("/");
    }

    [AllowAnonymous, HttpGet("/geen-toegang")]
    public IActionResult AccessDenied() => View();
}
