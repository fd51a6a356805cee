using GrantAdmin.Web.Features.Demo;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Home;

public sealed class HomeController(IWebHostEnvironment environment) : Controller
{
    public sealed record Page(IReadOnlyList<DemoAccount>? DemoAccounts, string? DemoPassword);

    [AllowAnonymous, HttpGet("/")]
    public IActionResult Index() => View(environment.IsDevelopment()
        ? new Page(DemoData.Accounts, DemoData.Password)
        : new Page(null, null));

    // Any method: a refused POST is re-executed here with its own method.
    [AllowAnonymous, IgnoreAntiforgeryToken, Route("/fout/{code:int?}")]
    public IActionResult Error(int? code) => View(code ?? 500);
}
