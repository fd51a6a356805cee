using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace GrantAdmin.Web.Features.Benchmark;

/// <summary>
/// The floor that ops/bench-pages measures every page against, in the same process and run: a signed-in request through
/// the same middleware (session cookie, authorization), one indexed query and a Razor view in the shared layout. Mapped
/// only when the setting <c>Benchmark:FloorPage</c> is true (the bench script sets it; production never does), and as
/// an endpoint rather than a controller, so it is no action of the application.
/// </summary>
public static class FloorPage
{
    public const string Path = "/_vloer";
    public const string Setting = "Benchmark:FloorPage";

    internal const string RoundNameSql = "SELECT name FROM rounds WHERE code = @code";

    public sealed record Model(string? RoundName);

    public static void MapFloorPage(this WebApplication app)
    {
        if (!app.Configuration.GetValue(Setting, false)) return;
        app.MapGet(Path, async (HttpContext http, Db db, string? ronde) =>
        {
            var name = await db.QuerySingleOrDefaultAsync<string>(RoundNameSql, new { code = ronde ?? "" }, http.RequestAborted);
            var view = new ViewResult
            {
                ViewName = "/Features/Benchmark/FloorPage.cshtml",
                ViewData = new ViewDataDictionary<Model>(new Microsoft.AspNetCore.Mvc.ModelBinding.EmptyModelMetadataProvider(), new()) { Model = new Model(name) },
            };
            await view.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
        }).RequireAuthorization();
    }
}
