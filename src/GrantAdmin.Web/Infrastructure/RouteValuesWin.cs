using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing.Template;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// A parameter named in the route (<c>/aanvragen/{id}/bewerken</c>) is bound from the route only. By default MVC reads the
/// form before the route, so a posted field <c>Id=57</c> would edit application 57 instead of the one in the address:
/// the address, which authorization and scoping were checked against, must win, and the form binds only what it owns.
/// </summary>
public sealed class RouteValuesWin : IActionModelConvention
{
    public void Apply(ActionModel action)
    {
        var names = action.Selectors.Concat(action.Controller.Selectors)
            .Select(s => s.AttributeRouteModel?.Template)
            .OfType<string>()
            .SelectMany(template => TemplateParser.Parse(template).Parameters.Select(p => p.Name))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in action.Parameters.Where(p => names.Contains(p.ParameterName)))
        {
            parameter.BindingInfo ??= new BindingInfo();
            parameter.BindingInfo.BindingSource = BindingSource.Path;
        }
    }
}
