using System.Text.Json;
using GrantAdmin.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Ranking;

public sealed class RankingController(CeilingMeter meter) : Controller
{
    [AllowAnonymous, HttpGet("/plafond")]
    public async Task<IActionResult> Meters([FromServices] PublishLedger publish, CancellationToken ct)
    {
        var rounds = await meter.RoundsAsync(ct);
        var meters = await meter.ForAllAsync(rounds, ct);
        var anchors = await publish.AnchorsAsync(rounds.Select(r => r.Id).ToList(), ct);
        return View(meters.Select(m => new PublicRound(m, anchors[m.Round.Id])).ToList());
    }

    /// <summary>A round on /plafond: its meter, and the daily anchors of its ledger (the newest first).</summary>
    public sealed record PublicRound(CeilingMeter.Meter Meter, IReadOnlyList<PublishLedger.DayAnchor> Anchors)
    {
        /// <summary>All the round shows on /plafond, as text: the key of its cached HTML (see <see cref="CeilingMeter.Meter.ContentKey"/>).</summary>
        public string ContentKey() => $"{Meter.ContentKey()} [{string.Join(", ", Anchors)}]";
    }

    // Open data: anyone may download a round's ledger and check it with tools/GrantAdmin.Verify (issue 18).
    [AllowAnonymous, HttpGet("/plafond/{round}/grootboek.json")]
    public async Task<IActionResult> LedgerJson(string round, [FromServices] PublishLedger publish, CancellationToken ct) =>
        await publish.ForAsync(round, ct) is { } ledger
            ? File(JsonSerializer.SerializeToUtf8Bytes(ledger, PublishedLedger.Json), "application/json", $"grootboek-{ledger.Round.Code}.json")
            : NotFound();

    [AllowAnonymous, HttpGet("/plafond/{round}/grootboek.csv")]
    public async Task<IActionResult> LedgerCsv(string round, [FromServices] PublishLedger publish, CancellationToken ct) =>
        await publish.ForAsync(round, ct) is { } ledger
            ? File(PublishLedger.Csv(ledger), "text/csv", $"grootboek-{ledger.Round.Code}.csv")
            : NotFound();

    [AllowAnonymous, HttpGet("/plafond/" + PublishedLedger.SchemaFileName)]
    public IActionResult LedgerSchema() => Content(PublishedLedger.SchemaText(), "application/schema+json");

    [Authorize(Roles = Roles.GrantsOffice), HttpGet("/rondes/{round}/grootboekcontrole")]
    public async Task<IActionResult> CheckLedger(string round, [FromServices] LedgerCheck check, CancellationToken ct)
    {
        if (await meter.ForAsync(round, ct) is not { } found) return NotFound();
        return View(new CheckPage(found.Round.Name, round, await check.RunAsync(found.Round.Id, ct)));
    }

    public sealed record CheckPage(string RoundName, string RoundCode, LedgerCheck.Verdict Verdict);
}
