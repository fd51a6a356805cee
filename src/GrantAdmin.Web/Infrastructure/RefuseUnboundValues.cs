using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// A value that does not parse is never taken as something else. Model binding records every failure in ModelState
/// (a bool, number, date or enum that is not one, an enum number that names no member) and leaves the default behind:
/// "SendLater=ja" would be false, "assigneeId=abc" null. So before any action runs: an address part that is blank or
/// does not parse answers 404, and a POST with a value that did not bind is refused with a Dutch page naming it, before
/// the action can change anything. Only controls the page fills in (checkboxes, choices, ids) bind to such types, so a
/// refusal here means a request the page did not make. Text is left to the action: forms post free text as strings, and
/// a text binding refused (too long, see BoundedTextBinder) is shown at its field by the action's refusal path.
/// </summary>
public sealed partial class RefuseUnboundValues(IModelMetadataProvider metadata) : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        var parameters = context.ActionDescriptor.Parameters.OfType<ControllerParameterDescriptor>().ToList();
        foreach (var parameter in parameters.Where(p => p.BindingInfo?.BindingSource == BindingSource.Path))
        {
            var missing = !context.ActionArguments.TryGetValue(parameter.Name, out var value) || value is null;
            if (missing && !IsNullable(parameter) || context.ModelState[parameter.Name]?.Errors.Count > 0)
            {
                context.Result = new NotFoundResult();
                return;
            }
        }
        if (HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method)) return;
        var problems = context.ModelState
            .Where(e => e.Value?.Errors.Count > 0 && !IsText(e.Key, parameters))
            .SelectMany(e => e.Value!.Errors.Select(error => error.ErrorMessage is { Length: > 0 } message ? message : $"De waarde voor {e.Key} is niet geldig."))
            .Distinct().ToList();
        if (problems.Count > 0)
            context.Result = new Refusal("Verzoek niet verwerkt", "Het formulier bevat een waarde die niet klopt:", problems).ToResult(StatusCodes.Status400BadRequest);
    }

    public void OnActionExecuted(ActionExecutedContext context) { }

    private static bool IsNullable(ControllerParameterDescriptor parameter) =>
        Nullable.GetUnderlyingType(parameter.ParameterType) is not null
        || !parameter.ParameterType.IsValueType && new NullabilityInfoContext().Create(parameter.ParameterInfo).WriteState != NullabilityState.NotNull;

    /// <summary>
    /// Whether a ModelState key ("Explanation", "form.Explanation", "Items[2].Remark") names a string of one of the action's
    /// parameters. A complex parameter binds with or without its name as prefix, a list item by its index.
    /// </summary>
    private bool IsText(string key, IEnumerable<ControllerParameterDescriptor> parameters)
    {
        var path = Index().Replace(key, "").Split('.', StringSplitOptions.RemoveEmptyEntries);
        foreach (var parameter in parameters)
        {
            var root = metadata.GetMetadataForType(parameter.ParameterType);
            if (path.Length > 0 && string.Equals(path[0], parameter.Name, StringComparison.OrdinalIgnoreCase) && Resolve(root, path[1..]) == typeof(string))
                return true;
            if (!root.IsComplexType) continue;
            if (Resolve(root, path) == typeof(string)) return true;
        }
        return false;
    }

    private static Type? Resolve(ModelMetadata model, IEnumerable<string> path)
    {
        ModelMetadata? current = model;
        foreach (var name in path)
            current = ItemOf(current)?.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        return current is null ? null : ItemOf(current)!.ModelType;
    }

    private static ModelMetadata? ItemOf(ModelMetadata? model) =>
        model is { IsEnumerableType: true, ElementMetadata: { } element } && model.ModelType != typeof(string) ? element : model;

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Index();
}
