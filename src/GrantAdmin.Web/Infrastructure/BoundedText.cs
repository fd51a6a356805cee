using System.Reflection;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>The most characters a bound text field may hold; a field without one gets <see cref="TextSize.Default"/>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MaxTextAttribute(int length) : Attribute
{
    public int Length { get; } = length;

    /// <summary>Bound exactly as typed, bidi controls included: a password is a secret, not text anyone reads.</summary>
    public bool Verbatim { get; init; }
}

/// <summary>
/// The sizes fields are given. They stay within the SQL Server columns the text is stored in (a longer value would fail
/// there with an error instead of a Dutch message) and well above what a real user types.
/// </summary>
public static class TextSize
{
    /// <summary>Dates, amounts, numbers and choices from a list.</summary>
    public const int Value = 30;
    public const int Phone = 40;
    /// <summary>An IBAN as typed, with spaces.</summary>
    public const int Iban = 50;
    /// <summary>Action parameters and any string that declares nothing: short by default, so a new field cannot be unbounded.</summary>
    public const int Default = 200;
    public const int Name = 200;
    /// <summary>RFC 5321.</summary>
    public const int Email = 254;
    public const int Password = 256;
    public const int Note = 1000;
    public const int Url = 2000;
    public const int Reason = 2000;
    /// <summary>An explanation in a letter: about a page and a half.</summary>
    public const int Explanation = 4000;

    /// <summary>The maximum that applies to a bound string: declared on the property, its record parameter, or the action parameter.</summary>
    public static int For(ModelMetadata metadata) => DeclaredOn(metadata)?.Length ?? Default;

    public static MaxTextAttribute? DeclaredOn(ModelMetadata metadata) => metadata.MetadataKind switch
    {
        ModelMetadataKind.Property when metadata.ContainerType?.GetProperty(metadata.PropertyName!) is { } property => DeclaredOn(property),
        ModelMetadataKind.Parameter when metadata is DefaultModelMetadata d => d.Attributes.ParameterAttributes?.OfType<MaxTextAttribute>().FirstOrDefault(),
        _ => null,
    };

    public static int? Declared(PropertyInfo property) => DeclaredOn(property)?.Length;

    /// <summary>A positional record carries the attribute on its constructor parameter, other classes on the property.</summary>
    private static MaxTextAttribute? DeclaredOn(PropertyInfo property) =>
        property.GetCustomAttribute<MaxTextAttribute>()
        ?? property.DeclaringType!.GetConstructors()
            .SelectMany(c => c.GetParameters())
            .FirstOrDefault(p => p.Name == property.Name && p.ParameterType == property.PropertyType)?
            .GetCustomAttribute<MaxTextAttribute>();

    public static string TooLong(int max, int length) => string.Format(Amsterdam.Culture,
        "Gebruik hier hoogstens {0:N0} tekens; u gebruikte er {1:N0}. Maak de tekst korter.", max, length);
}

/// <summary>
/// Every string bound from a form, query or route passes here: bidi controls are removed, and a text longer than its
/// maximum is refused at its field. The value stays bound, so the form comes back with what was typed; actions answer
/// with their refusal path when <see cref="Features.Shared.ModelStateExtensions.Refused{T}"/> says so, before any handler
/// stores anything. NUL and other C0 controls are not handled here.
/// </summary>
public sealed class BoundedTextBinder(IModelBinder inner, int max, bool verbatim) : IModelBinder
{
    public async Task BindModelAsync(ModelBindingContext context)
    {
        await inner.BindModelAsync(context);
        if (context.Result is not { IsModelSet: true, Model: string text }) return;
        var clean = verbatim ? text : BidiControls.Strip(text);
        if (clean.Length > max) context.ModelState.TryAddModelError(context.ModelName, TextSize.TooLong(max, clean.Length));
        context.Result = ModelBindingResult.Success(clean.Length == 0 && context.ModelMetadata.ConvertEmptyStringToNull ? null : clean);
    }
}

public sealed class BoundedTextBinderProvider : IModelBinderProvider
{
    private static readonly BindingSource?[] ValueSources = [null, BindingSource.Form, BindingSource.Query, BindingSource.Path, BindingSource.ModelBinding];

    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        if (context.Metadata.ModelType != typeof(string) || context.BindingInfo.BinderType is not null
            || !ValueSources.Contains(context.BindingInfo.BindingSource)) return null;
        var inner = new SimpleTypeModelBinder(typeof(string), context.Services.GetRequiredService<ILoggerFactory>());
        var declared = TextSize.DeclaredOn(context.Metadata);
        return new BoundedTextBinder(inner, declared?.Length ?? TextSize.Default, declared?.Verbatim ?? false);
    }
}
