using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Programme.Exports;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantAdmin.Web.Features.Programme.Overview;

/// <summary>
/// The programme manager's country overview (issue 6 §5) with its charts and downloads. Read-only: the programme
/// manager and the grants office may read it; administrators and gemeenten may not.
/// </summary>
[Route("programma/overzicht"), Authorize(Roles = Readers)]
public sealed class OverviewController(CountryOverview.Handler overview, OverviewCharts.Handler charts, ProgrammeExports.Handler exports,
    OpenGrantsExport.Handler openData, Db db, VersionedCache cache) : Controller
{
    public const string Readers = Roles.Programmamanager + "," + Roles.GrantsOffice;
    private const string BodyPath = "/Features/Programme/Overview/_Overview.cshtml";

    /// <summary>Gemeenten per page of the table: with the charts above it the page stays a few screens tall (issue 14 §10).</summary>
    public const int PageSize = 20;

    /// <summary>The overview with the gemeenten of this page (only they carry their application lines).</summary>
    public sealed record Page(CountryOverview.Result Overview, OverviewCharts.Result Charts, Paging Paging, IReadOnlyList<CountryOverview.Gemeente> Rows)
    {
        /// <summary>The filters as a query string, with a page number for the pagination links: paging never drops the filter.</summary>
        public string Query(int? page = null) => QueryString.Create(new Dictionary<string, string?>
        {
            ["ronde"] = Charts.Selected?.Code, ["provincie"] = Overview.Filter.Province, ["veiligheidsregio"] = Overview.Filter.Region,
            ["pagina"] = page?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => p.Value is not null)).ToUriComponent();
    }

    /// <summary>
    /// The body is kept per query and data version (<see cref="DataVersion"/>): most of a request's cost was the 170 KB view,
    /// and neither its queries nor its rendering run again while nothing it shows has changed. The layout around it (the user's
    /// name, the logout form's anti-forgery token) is rendered per request; [Authorize] has run before this action.
    /// </summary>
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery(Name = "provincie")] string? province, [FromQuery(Name = "veiligheidsregio")] string? region,
        [FromQuery(Name = "pagina")] string? page, [FromQuery(Name = "ronde")] string? round, CancellationToken ct)
    {
        var version = await DataVersion.ReadAsync(db, ct);
        var key = VersionedCache.Key("overzicht", ("provincie", province), ("veiligheidsregio", region), ("pagina", page), ("ronde", round));
        return await RenderedBody.ShowCachedAsync(this, cache, key, version, async () =>
        {
            var result = await overview.LoadAsync(new(province, region), ct);
            foreach (var (field, message) in result.Errors) ModelState.AddModelError(field, message);
            var paging = Paging.Clamp(page, PageSize, result.Gemeenten.Count);
            var rows = await overview.WithApplicationsAsync(paging.Slice(result.Gemeenten).ToList(), ct);
            var html = await RazorRenderer.RenderBodyAsync(this, BodyPath, new Page(result, await charts.LoadAsync(round, ct), paging, rows));
            return new RenderedBody("Landelijk overzicht", html, result.Errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
        });
    }

    /// <summary>deelnemers, contacten or dekking, as csv or xlsx; the coverage follows the page's filter.</summary>
    [HttpGet("export/{dataset}.{format}")]
    public async Task<IActionResult> Export(string dataset, string format, [FromQuery(Name = "provincie")] string? province,
        [FromQuery(Name = "veiligheidsregio")] string? region, CancellationToken ct)
    {
        if (Codes.Parse<ProgrammeExports.Dataset>(dataset, ignoreCase: true) is not { } which
            || Codes.Parse<ProgrammeExports.Format>(format, ignoreCase: true) is not { } how)
            return NotFound();
        var file = await exports.ExportAsync(which, how, new(province, region), CurrentUser.From(User), ct);
        return File(file.Content, file.ContentType, file.FileName);
    }

    [HttpGet("open-data/360giving.json")]
    public async Task<IActionResult> OpenData(CancellationToken ct)
    {
        var file = await openData.ExportAsync(CurrentUser.From(User), ct);
        return File(file.Content, file.ContentType, file.FileName);
    }
}
