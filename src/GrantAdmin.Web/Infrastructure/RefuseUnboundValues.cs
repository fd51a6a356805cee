using System.Reflection;
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
/// the action can change anything. Forms post free text as strings and parse it themselves, with messages at the field;
/// only controls the page fills in (checkboxes, choices, ids) bind to other types, so a refusal here means a request
/// the page did not make.
/// </summary>
public sealed class RefuseUnboundValues : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        foreach (var parameter in context.ActionDescriptor.Parameters.OfType<ControllerParameterDescriptor>())
        {
            if (parameter.BindingInfo?.BindingSource != BindingSource.Path) continue;
            var missing = !context.ActionArguments.TryGetValue(parameter.Name, out var value) || value is null;
            if (missing && !IsNullable(parameter) || context.ModelState[parameter.Name]?.Errors.Count > 0)
            {
                context.Result = new NotFoundResult();
                return;
            }
        }
        if (HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method)) return;
        if (context.ModelState.IsValid) return;
        var problems = context.ModelState.Where(e => e.Value?.Errors.Count > 0)
            .SelectMany(e => e.Value!.Errors.Select(error => error.ErrorMessage is { Length: > 0 } message ? message : $"De waarde voor {e.Key} is niet geldig."))
            .Distinct().ToList();
        context.Result = new Refusal("Verzoek niet verwerkt", "Het formulier bevat een waarde die niet klopt:", problems).ToResult(StatusCodes.Status400BadRequest);
    }

    public void OnActionExecuted(ActionExecutedContext context) { }

    private static bool IsNullable(ControllerParameterDescriptor parameter) =>
        Nullable.GetUnderlyingType(parameter.ParameterType) is not null
        || !parameter.ParameterType.IsValueType && new NullabilityInfoContext().Create(parameter.ParameterInfo).WriteState != NullabilityState.NotNull;
}
