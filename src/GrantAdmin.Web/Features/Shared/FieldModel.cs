using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GrantAdmin.Web.Features.Shared;

/// <summary>One labelled form field for the _Field partial: label, hint, the Dutch error and the value.</summary>
public sealed record FieldModel(string Name, string Label, string? Value, string Type = "text", string? Hint = null,
    string? Autocomplete = null, string? InputMode = null, bool Multiline = false, string? Prefix = null)
{
    public string Id => IdFor(Name);

    /// <summary>
    /// The id of the control for a field name, which the error summary links to: "Items[0].Remark" becomes
    /// "f-Items-0-Remark", because <c>[</c> and <c>]</c> are not allowed in a URL fragment.
    /// </summary>
    public static string IdFor(string name) => "f-" + name.Replace('[', '-').Replace("]", "").Replace('.', '-');
}

/// <summary>Keys of errors about the whole form rather than one field; the summary shows them without a link.</summary>
public static class FormLevel
{
    public const string Prefix = "!";
    public const string Status = "!status";
    public const string Window = "!window";
    public const string OneGrant = "!one-grant";
    public const string RoundList = "!round-list";
    public const string NotAllowed = "!not-allowed";
}

public static class ModelStateExtensions
{
    public static void AddErrors(this ModelStateDictionary modelState, Errors errors)
    {
        foreach (var (field, message) in errors)
        {
            // The handler's message replaces binding's: it names the field, where binding only knew the value.
            if (modelState.TryGetValue(field, out var entry)) entry.Errors.Clear();
            modelState.AddModelError(field, message);
        }
    }

    /// <summary>
    /// The errors binding found (a text over its maximum, a value that cannot be read), or null when there are none. A POST
    /// action answers with its refusal path when this is set, so no handler stores a value that binding refused.
    /// </summary>
    public static Outcome<T>? Refused<T>(this ModelStateDictionary modelState)
    {
        if (modelState.ErrorCount == 0) return null;
        var errors = new Errors();
        foreach (var (field, entry) in modelState)
            if (entry.Errors.FirstOrDefault() is { } error)
                errors.TryAdd(field, error.ErrorMessage is { Length: > 0 } message ? message : "De waarde is niet geldig.");
        return Outcome<T>.Fail(errors);
    }

    public static string? ErrorFor(this ModelStateDictionary modelState, string field) =>
        modelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
