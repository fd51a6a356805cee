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

/// <summary>A page's own body as rendered (kept in <see cref="VersionedCache"/>), shown in the layout of the request that asks for it.</summary>
public sealed record RenderedBody(string Title, string Html);
