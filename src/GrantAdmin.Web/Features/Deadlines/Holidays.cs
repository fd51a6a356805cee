using System.Collections.Concurrent;
using System.Collections.ObjectModel;

namespace GrantAdmin.Web.Features.Deadlines;

public sealed record Holiday(DateOnly Date, string Name);

/// <summary>
/// The days a term cannot end on under the Algemene termijnenwet (Atw): the holidays of art. 3(1), Goede Vrijdag
/// (art. 3(2)) and the days designated by royal decree (art. 3(3)). The designated days are data, passed in (DesignatedDays:
/// the Friday after Hemelvaartsdag is one of them, never computed here, so it is counted once).
/// </summary>
public static class Holidays
{
    /// <summary>5 mei joined art. 3(1) in the 1980s and Koninginnedag moved around before that; earlier years are not modelled.</summary>
    public const int FirstYear = 1990;

    /// <summary>Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19; // place in the 19-year lunar cycle
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30; // days from 21 March to the Paschal full moon
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7; // days from that full moon to the Sunday after it
        var m = (a + 11 * h + 22 * l) / 451; // the rare correction that keeps Easter on or before 25 April
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>The holidays of art. 3(1) and 3(2) Atw in a year, in date order. Designated days are not included.</summary>
    public static IReadOnlyList<Holiday> InYear(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstYear);
        // Memoised: term computations ask about every day they pass.
        return ByYear.GetOrAdd(year, static year =>
        {
            var easter = EasterSunday(year);
            Holiday[] days =
            [
                new(new DateOnly(year, 1, 1), "Nieuwjaarsdag"),
                new(easter.AddDays(-2), "Goede Vrijdag"),
                new(easter.AddDays(1), "Tweede Paasdag"),
                KingsDay(year),
                new(new DateOnly(year, 5, 5), "Bevrijdingsdag"),
                new(easter.AddDays(39), "Hemelvaartsdag"),
                new(easter.AddDays(50), "Tweede Pinksterdag"),
                new(new DateOnly(year, 12, 25), "Eerste Kerstdag"),
                new(new DateOnly(year, 12, 26), "Tweede Kerstdag"),
            ];
            return Array.AsReadOnly([.. days.OrderBy(h => h.Date)]);
        });
    }

    private static readonly ConcurrentDictionary<int, ReadOnlyCollection<Holiday>> ByYear = new();

    /// <summary>A holiday of art. 3(1)/(2) Atw, or a day designated under art. 3(3).</summary>
    public static bool IsHoliday(DateOnly day, IReadOnlySet<DateOnly> designatedDays)
    {
        if (designatedDays.Contains(day)) return true;
        foreach (var holiday in InYear(day.Year))
            if (holiday.Date == day) return true;
        return false;
    }

    /// <summary>A day that is not a Saturday, Sunday or holiday: the only kind of day an Atw term may end on.</summary>
    public static bool IsWorkingDay(DateOnly day, IReadOnlySet<DateOnly> designatedDays) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(day, designatedDays);

    // "De dag waarop de verjaardag van de Koning wordt gevierd": Koningsdag from 2014, Koninginnedag before.
    private static Holiday KingsDay(int year)
    {
        if (year >= 2014)
        {
            var day = new DateOnly(year, 4, 27);
            return new(day.DayOfWeek == DayOfWeek.Sunday ? day.AddDays(-1) : day, "Koningsdag");
        }
        var queensDay = new DateOnly(year, 4, 30);
        return new(queensDay.DayOfWeek == DayOfWeek.Sunday ? queensDay.AddDays(-1) : queensDay, "Koninginnedag");
    }
}
