using System.Globalization;

namespace GrantAdmin.Web.Features.Shared;

/// <summary>A date as a date input sends it (2023-03-14) or as a person types it the Dutch way (14-3-2023, 14/3/2023).</summary>
public static class DutchDate
{
    private static readonly string[] Formats = ["yyyy-MM-dd", "d-M-yyyy", "d/M/yyyy"];

    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
