using System.Globalization;
using System.Text.RegularExpressions;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Progress;

/// <summary>Reads the text of programme forms (progress, checklist, budget): dates, Dutch amounts, free text.</summary>
public static partial class ProgrammeInput
{
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A date as the date picker sends it (2023-03-01) or as typed (1-3-2023); null and an error when missing or wrong.</summary>
    public static DateOnly? Date(string? value, string field, string what, Errors errors, bool required = true)
    {
        var text = Text(value);
        if (text is null)
        {
            errors.Add(field, $"Vul de {what} in.", required);
            return null;
        }
        if (Shared.DutchDate.TryParse(text, out var date) && date.Year is >= 2000 and <= 2100)
            return date;
        errors.Add(field, $"Vul een geldige {what} in, zoals 1-6-2019.", true);
        return null;
    }

    /// <summary>
    /// A Dutch amount in euros, in cents: "12.345,67", "12345,67", "€ 12.345" (dots only between groups of three digits,
    /// at most two digits after the comma). Must be more than zero.
    /// </summary>
    public static long? Cents(string? value, string field, Errors errors)
    {
        var text = Text(value)?.Replace("€", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(field, "Vul het bedrag in, zoals 12.345,67.", true);
            return null;
        }
        var match = DutchAmount().Match(text);
        if (!match.Success)
        {
            errors.Add(field, "Vul een geldig bedrag in euro's in, met een komma voor de centen, zoals 12.345,67.", true);
            return null;
        }
        var euros = match.Groups["euros"].Value.Replace(".", "", StringComparison.Ordinal).TrimStart('0');
        if (euros.Length > 11)
        {
            errors.Add(field, "Dit bedrag is te groot: vul een bedrag onder de 100 miljard euro in.", true);
            return null;
        }
        var cents = match.Groups["cents"].Value.PadRight(2, '0');
        var result = (euros.Length == 0 ? 0 : long.Parse(euros, CultureInfo.InvariantCulture)) * 100 + long.Parse(cents, CultureInfo.InvariantCulture);
        if (result <= 0)
        {
            errors.Add(field, "Vul een bedrag groter dan € 0,00 in.", true);
            return null;
        }
        return result;
    }

    public static string DateValue(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    [GeneratedRegex(@"^(?<euros>[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)(?:,(?<cents>[0-9]{1,2}))?$")]
    private static partial Regex DutchAmount();
}
