using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace GrantAdmin.Web.Features.Shared;

/// <summary>Model binding speaks Dutch too, should a value ever fail to bind.</summary>
public static class DutchModelBindingMessages
{
    public static void Apply(DefaultModelBindingMessageProvider p)
    {
        p.SetAttemptedValueIsInvalidAccessor((value, field) => $"De waarde '{value}' is niet geldig voor {field}.");
        p.SetMissingBindRequiredValueAccessor(field => $"Vul {field} in.");
        p.SetMissingKeyOrValueAccessor(() => "Vul een waarde in.");
        p.SetMissingRequestBodyRequiredValueAccessor(() => "Het formulier is leeg verstuurd.");
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"De waarde '{value}' is niet geldig.");
        p.SetNonPropertyUnknownValueIsInvalidAccessor(() => "De waarde is niet geldig.");
        p.SetNonPropertyValueMustBeANumberAccessor(() => "Vul een getal in.");
        p.SetUnknownValueIsInvalidAccessor(field => $"De waarde voor {field} is niet geldig.");
        p.SetValueIsInvalidAccessor(value => $"De waarde '{value}' is niet geldig.");
        p.SetValueMustBeANumberAccessor(field => $"Vul bij {field} een getal in.");
        p.SetValueMustNotBeNullAccessor(value => "Vul een waarde in.");
    }
}
