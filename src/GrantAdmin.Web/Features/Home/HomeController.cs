using GrantAdmin.Web.Features.Demo;
using Microsoft.AspNetCore.Authorization;
using GrantAdmin.Web.Features.Settlement;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace GrantAdmin.Web.Features.Home;

public sealed class HomeController(IWebHostEnvironment environment, IOptions<RetentionSettings> retention) : Controller
{
    public sealed record Page(IReadOnlyList<DemoAccount>? DemoAccounts, string? DemoPassword);

    [AllowAnonymous, HttpGet("/")]
    public IActionResult Index() => View(environment.IsDevelopment()
        ? new Page(DemoData.Accounts, DemoData.Password)
        : new Page(null, null));

    /// <summary>The toegankelijkheidsverklaring a Dutch government site publishes (Besluit digitale toegankelijkheid overheid).</summary>
    [AllowAnonymous, HttpGet("/toegankelijkheid")]
    public IActionResult Accessibility() => View();

    /// <summary>The privacyverklaring; the retention period shown is the one this server runs with.</summary>
    [AllowAnonymous, HttpGet("/privacy")]
    public IActionResult Privacy() => View(retention.Value);

    // Any method: a refused POST is re-executed here with its own method.
    [AllowAnonymous, IgnoreAntiforgeryToken, Route("/fout/{code:int?}")]
    public IActionResult Error(int? code) => View(code ?? 500);
}
