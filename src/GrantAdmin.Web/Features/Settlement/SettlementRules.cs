using System.Globalization;
using System.Text.RegularExpressions;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Settlement;

/// <summary>
/// The pure rules of the vaststelling (domain.md §7): which years are reported, how the final amount and the amount to
/// pay back follow from the reported spending, and how a Dutch amount is read. No database, no clock.
/// </summary>
public static partial class SettlementRules
{
    /// <summary>SiSa: the single-information report over year Y is due to CBS by 15 July of Y + 1.</summary>
    public static DateOnly SisaDueOn(int year) => new(year + 1, 7, 15);

    /// <summary>What the vaststelling fixes, in cents.</summary>
    public sealed record Amounts(long ReportedCents, long FinalCents, long PaybackCents, long AdditionalCents);

    /// <summary>
    /// final = min(total reported, granted) (Awb 4:46: never more than granted); payback = paid − final when the gemeente
    /// received more than the final amount (terugvordering), additional = final − paid when it received less (a round that
    /// pays less than 100% on grant): the rest is paid after the vaststelling. At most one of the two is not zero.
    /// </summary>
    public static Amounts Compute(long grantedCents, long paidCents, IEnumerable<long> reportedCents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(grantedCents);
        ArgumentOutOfRangeException.ThrowIfNegative(paidCents);
        var reported = 0L;
        foreach (var cents in reportedCents)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(cents, nameof(reportedCents));
            reported = checked(reported + cents);
        }
        var final = Math.Min(reported, grantedCents);
        return new Amounts(reported, final, Math.Max(0, paidCents - final), Math.Max(0, final - paidCents));
    }

    /// <summary>The calendar years of the round's activities period: the years spending may be recorded for.</summary>
    public static bool IsActivityYear(int year, DateOnly activitiesFrom, DateOnly activitiesUntil) =>
        year >= activitiesFrom.Year && year <= activitiesUntil.Year;

    /// <summary>
    /// The years the gemeente must report in SiSa: from the year the uitkering was granted (spending before it counts in
    /// that first report) up to and including the last year of the activities period.
    /// </summary>
    public static IReadOnlyList<int> ReportingYears(DateOnly grantedOn, DateOnly activitiesFrom, DateOnly activitiesUntil)
    {
        var first = Math.Max(grantedOn.Year, activitiesFrom.Year);
        return first > activitiesUntil.Year ? [] : Enumerable.Range(first, activitiesUntil.Year - first + 1).ToList();
    }

    /// <summary>The reporting years without recorded spending, in order.</summary>
    public static IReadOnlyList<int> MissingYears(IReadOnlyList<int> reportingYears, IEnumerable<int> recordedYears)
    {
        var recorded = recordedYears.ToHashSet();
        return reportingYears.Where(y => !recorded.Contains(y)).ToList();
    }

    /// <summary>"2023", "2023 en 2024", "2022, 2023 en 2024".</summary>
    public static string Years(IReadOnlyList<int> years) => years.Count switch
    {
        0 => "",
        1 => years[0].ToString(CultureInfo.InvariantCulture),
        _ => string.Join(", ", years.Take(years.Count - 1).Select(y => y.ToString(CultureInfo.InvariantCulture)))
             + " en " + years[^1].ToString(CultureInfo.InvariantCulture),
    };

    public const string AmountFormat = "Vul het bedrag in euro's in zoals 12.345,67: een punt tussen de duizendtallen (mag ook weg) en een komma voor de centen.";

    /// <summary>
    /// Euros in Dutch notation, optionally with "€", thousands dots and up to two decimals after a comma:
    /// "12.345,67", "12345,6", "€ 0", "12.345". Null for anything else (a decimal point, a negative amount, letters).
    /// </summary>
    public static long? ParseEuros(string? text)
    {
        if (text is null) return null;
        var match = DutchEuros().Match(text.Trim());
        if (!match.Success) return null;
        var whole = match.Groups["whole"].Value.Replace(".", "", StringComparison.Ordinal);
        if (whole.Length > 12) return null;
        var fraction = match.Groups["cents"].Value.PadRight(2, '0');
        return long.Parse(whole, CultureInfo.InvariantCulture) * 100 + (fraction.Length == 0 ? 0 : int.Parse(fraction, CultureInfo.InvariantCulture));
    }

    // [0-9], not \d: \d also matches Arabic-Indic, full-width and other Unicode digits, which long.Parse then refuses.
    [GeneratedRegex(@"^(?:€\s*)?(?<whole>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?<cents>[0-9]{1,2}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex DutchEuros();

    /// <summary>The year and amount of one spending entry, or the Dutch message per field.</summary>
    public static (int Year, long Cents, Errors Errors) CheckSpending(string? year, string? amount, DateOnly activitiesFrom, DateOnly activitiesUntil)
    {
        var errors = new Errors();
        var yearText = year?.Trim();
        var parsedYear = int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && yearText!.Length == 4 ? y : (int?)null;
        errors.Add("Year", "Vul het jaar in waarover de gemeente de besteding heeft verantwoord.", string.IsNullOrWhiteSpace(yearText));
        errors.Add("Year", "Vul het jaar in met vier cijfers, bijvoorbeeld 2023.", parsedYear is null);
        errors.Add("Year",
            $"Het jaar moet in de periode van de activiteiten liggen: {activitiesFrom.Year} tot en met {activitiesUntil.Year}.",
            parsedYear is { } py && !IsActivityYear(py, activitiesFrom, activitiesUntil));

        var cents = ParseEuros(amount);
        errors.Add("Amount", "Vul het bestede bedrag in euro's in.", string.IsNullOrWhiteSpace(amount));
        errors.Add("Amount", "Het bestede bedrag kan niet negatief zijn. Vul 0 in als er niets is besteed.", amount?.Trim().StartsWith('-') == true);
        errors.Add("Amount", AmountFormat, cents is null);
        return (parsedYear ?? 0, cents ?? 0, errors);
    }
}
