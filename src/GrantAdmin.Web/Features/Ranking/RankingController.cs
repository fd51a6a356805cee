using GrantAdmin.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Ranking;

public sealed class RankingController(CeilingMeter meter) : Controller
{
    [AllowAnonymous, HttpGet("/plafond")]
    public async Task<IActionResult> Meters(CancellationToken ct)
    {
        var meters = new List<CeilingMeter.Meter>();
        foreach (var round in await meter.RoundsAsync(ct)) meters.Add(await meter.ForAsync(round, ct));
        return View(meters);
    }

    [Authorize(Roles = Roles.GrantsOffice), HttpGet("/rondes/{round}/grootboekcontrole")]
    public async Task<IActionResult> CheckLedger(string round, [FromServices] LedgerCheck check, CancellationToken ct)
    {
        if (await meter.ForAsync(round, ct) is not { } found) return NotFound();
        return View(new CheckPage(found.Round.Name, round, await check.RunAsync(found.Round.Id, ct)));
    }

    public sealed record CheckPage(string RoundName, string RoundCode, LedgerCheck.Verdict Verdict);
}
