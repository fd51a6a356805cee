using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// Renders a Razor view to a string: outside a request (letters printed to PDF from jobs), or inside one without its layout
/// (a page's own body, kept in <see cref="VersionedCache"/> while the layout around it stays per user).
/// </summary>
public sealed class RazorRenderer(IServiceScopeFactory scopes)
{
    public async Task<string> RenderAsync<TModel>(string viewPath, TModel model)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var httpContext = new DefaultHttpContext { RequestServices = services };
        var actionContext = new ActionContext(httpContext, new Microsoft.AspNetCore.Routing.RouteData(), new ActionDescriptor());
        var viewData = new ViewDataDictionary<TModel>(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = model };
        var tempData = new TempDataDictionary(httpContext, services.GetRequiredService<ITempDataProvider>());
        return await RenderAsync(actionContext, viewPath, isMainPage: true, viewData, tempData);
    }

    /// <summary>The shared layout around a body rendered earlier (<see cref="RenderedBody"/>).</summary>
    public const string RenderedBodyView = "/Features/Shared/RenderedBody.cshtml";

    /// <summary>The view as a partial (no layout) in the controller's own request: its ModelState, URLs and TempData.</summary>
    public static Task<string> RenderBodyAsync(Controller controller, string viewPath, object model) =>
        RenderAsync(controller.ControllerContext, viewPath, isMainPage: false, new ViewDataDictionary(controller.ViewData) { Model = model },
            controller.TempData);

    private static async Task<string> RenderAsync(ActionContext actionContext, string viewPath, bool isMainPage, ViewDataDictionary viewData,
        ITempDataDictionary tempData)
    {
        var engine = actionContext.HttpContext.RequestServices.GetRequiredService<IRazorViewEngine>();
        var view = engine.GetView(executingFilePath: null, viewPath, isMainPage).View
            ?? throw new InvalidOperationException($"View {viewPath} not found.");
        await using var writer = new StringWriter();
        await view.RenderAsync(new ViewContext(actionContext, view, viewData, tempData, writer, new HtmlHelperOptions()));
        return writer.ToString();
    }
}

/// <summary>
/// A page's own body as rendered (kept in <see cref="VersionedCache"/>), shown in the layout of the request that asks for it,
/// with the status it answers with (400 for a body that shows errors).
/// </summary>
public sealed record RenderedBody(string Title, string Html, int StatusCode = StatusCodes.Status200OK)
{
    /// <summary>
    /// The body kept under <paramref name="key"/> at <paramref name="version"/>, rendered by <paramref name="render"/> only when
    /// the cache has none, in the shared layout of this request (the user's name, the logout form's anti-forgery token).
    /// </summary>
    public static async Task<ViewResult> ShowCachedAsync(Controller controller, VersionedCache cache, string key, long version,
        Func<Task<RenderedBody>> render)
    {
        var body = await cache.GetOrCreateAsync(key, version, render, b => (b.Title.Length + b.Html.Length) * 2L);
        var view = controller.View(RazorRenderer.RenderedBodyView, body);
        view.StatusCode = body.StatusCode;
        return view;
    }
}
