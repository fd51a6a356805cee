using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace GrantAdmin.Web.Features.Shared;

/// <summary>
/// The errors of a failed post in the order of the form. ModelState lists keys in an order of its own (a field that was
/// not posted at all gets its entry only when the error is added), so the order comes from the form itself: the
/// properties of the posted form model, which follow the form's fields (a test compares the summary with the page for
/// every form). A page whose fields are laid out differently names its order in ViewData["FieldOrder"].
/// </summary>
public static class ErrorSummary
{
    public const string FieldOrderKey = "FieldOrder";

    public static IEnumerable<(string Field, string Message)> Errors(ViewContext view)
    {
        var order = view.ViewData[FieldOrderKey] as IReadOnlyList<string> ?? FieldsOf(view.ActionDescriptor);
        return view.ModelState
            .Select((entry, index) => (entry, index))
            .OrderBy(e => e.entry.Key.StartsWith(FormLevel.Prefix, StringComparison.Ordinal) ? -1 : RankOf(order, e.entry.Key))
            .ThenBy(e => e.index)
            .SelectMany(e => (e.entry.Value?.Errors ?? []).Select(error => (Field: e.entry.Key, error.ErrorMessage)));
    }

    /// <summary>"Items[2].Remark" ranks with "Items", and after "Items[1].Remark".</summary>
    private static int RankOf(IReadOnlyList<string> order, string key)
    {
        for (var i = 0; i < order.Count; i++)
            if (key == order[i] || (key.StartsWith(order[i], StringComparison.Ordinal) && key[order[i].Length] is '[' or '.'))
                return i;
        return order.Count;
    }

    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> Cache = new();

    /// <summary>The action's bound values in parameter order; a form model stands for its properties in declaration order.</summary>
    private static IReadOnlyList<string> FieldsOf(ActionDescriptor action) => Cache.GetOrAdd(action.Id, _ =>
        action.Parameters.SelectMany(p => IsSimple(p.ParameterType)
                ? [p.Name]
                : p.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.MetadataToken).Select(m => m.Name))
            .ToList());

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateOnly) || t == typeof(DateTime)
            || typeof(Microsoft.AspNetCore.Http.IFormFile).IsAssignableFrom(t);
    }
}
