namespace GrantAdmin.Web.Features.Shared;

/// <summary>
/// Codes posted or addressed as text (a decision kind, a theme, a state). Enum.TryParse also takes numbers ("0" is the
/// first member, "7" an undefined one) and comma lists: a tampered "Kind=0" would become a grant.
/// </summary>
public static class Codes
{
    /// <summary>The enum value named exactly by its code; numbers, lists and unknown names are no value.</summary>
    public static T? Parse<T>(string? code, bool ignoreCase = false) where T : struct, Enum =>
        code?.Trim() is { } trimmed && Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, trimmed, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)) is { } name
            ? Enum.Parse<T>(name)
            : null;
}
