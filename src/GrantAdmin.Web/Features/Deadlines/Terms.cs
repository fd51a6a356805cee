using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Deadlines;

public enum DeadlineWarning { None, TwoWeeksLeft, DueToday, Overdue }

/// <summary>
/// Awb terms on calendar dates (Europe/Amsterdam), with the Algemene termijnenwet applied. Every result is the last
/// day on which the act is still in time.
/// </summary>
public static class Terms
{
    public const int WarnFromDaysLeft = 14;

    /// <summary>
    /// A term of <paramref name="days"/> days that starts the day after <paramref name="start"/> (sending or receipt).
    /// Atw art. 2: a term of 3 days or more must hold two days that are not Saturday, Sunday or holiday in
    /// (start, end]; we extend the end day by day until it does. Atw art. 1: the end then moves off any Saturday,
    /// Sunday or holiday to the next day that is none of these. (Applying art. 1 first gives the same day.)
    /// The aanvulverzoek term is set by the reviewer rather than by law; domain.md applies the Atw to it too.
    /// </summary>
    public static DateOnly End(DateOnly start, int days, IReadOnlySet<DateOnly> designatedDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        return ApplyAtw(start, start.AddDays(days), days, designatedDays);
    }

    /// <summary><see cref="End(DateOnly, int, IReadOnlySet{DateOnly})"/> from the instant of sending, taken as its Amsterdam date.</summary>
    public static DateOnly End(DateTime sentAtUtc, int days, IReadOnlySet<DateOnly> designatedDays) =>
        End(AmsterdamDate(sentAtUtc), days, designatedDays);

    /// <summary>
    /// Awb 4:13 decision term: <paramref name="weeks"/> weeks from receipt, paused by each aanvulverzoek per Awb 4:15(1)(a)
    /// (see <see cref="Suspension"/> for which days a pause covers). Null while a suspension is open: the clock is stopped,
    /// so there is no end day yet. The end moves per Atw art. 1.
    /// </summary>
    public static DateOnly? DecisionDeadline(DateOnly receivedOn, int weeks, IReadOnlyList<Suspension> suspensions,
        IReadOnlySet<DateOnly> designatedDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        foreach (var s in suspensions)
            if (s.RequestedOn < receivedOn)
                throw new ArgumentException($"Aanvulverzoek on {s.RequestedOn:yyyy-MM-dd} before receipt on {receivedOn:yyyy-MM-dd}.", nameof(suspensions));

        // Walk the running days one by one: overlapping suspensions count once, and one that starts after the
        // term ran out revives nothing.
        var left = weeks * 7;
        var day = receivedOn;
        while (left > 0)
        {
            day = day.AddDays(1);
            if (suspensions.Any(s => s.RequestedOn < day && s.ResumesOn is null)) return null;
            if (!suspensions.Any(s => s.Pauses(day))) left--;
        }
        return ApplyAtw(receivedOn, day, weeks * 7, designatedDays);
    }

    /// <summary>Awb 4:5(4): the set-aside decision is due within 4 weeks after the completion term ran out unused.</summary>
    public static DateOnly SetAsideDeadline(DateOnly completionTermEnd, IReadOnlySet<DateOnly> designatedDays) =>
        End(completionTermEnd, 4 * 7, designatedDays);

    /// <summary>Awb 6:7/6:8: six weeks for bezwaar, from the day after the decision was sent.</summary>
    public static DateOnly ObjectionDeadline(DateOnly decisionSentOn, IReadOnlySet<DateOnly> designatedDays) =>
        End(decisionSentOn, 6 * 7, designatedDays);

    /// <summary>0 on the last day, negative once it has passed.</summary>
    public static int DaysLeft(DateOnly today, DateOnly deadline) => deadline.DayNumber - today.DayNumber;

    public static DeadlineWarning Warning(DateOnly today, DateOnly deadline) => DaysLeft(today, deadline) switch
    {
        < 0 => DeadlineWarning.Overdue,
        0 => DeadlineWarning.DueToday,
        <= WarnFromDaysLeft => DeadlineWarning.TwoWeeksLeft,
        _ => DeadlineWarning.None,
    };

    private static DateOnly ApplyAtw(DateOnly start, DateOnly end, int days, IReadOnlySet<DateOnly> designatedDays)
    {
        if (days >= 3) // art. 2
        {
            var workingDays = 0;
            for (var day = start.AddDays(1); day <= end; day = day.AddDays(1))
                if (Holidays.IsWorkingDay(day, designatedDays)) workingDays++;
            while (workingDays < 2)
            {
                end = end.AddDays(1);
                if (Holidays.IsWorkingDay(end, designatedDays)) workingDays++;
            }
        }
        while (!Holidays.IsWorkingDay(end, designatedDays)) end = end.AddDays(1); // art. 1
        return end;
    }

    private static DateOnly AmsterdamDate(DateTime utc)
    {
        // A Local DateTime would silently be read as UTC by the conversion.
        if (utc.Kind == DateTimeKind.Local) throw new ArgumentException("Pass a UTC instant.", nameof(utc));
        return DateOnly.FromDateTime(Amsterdam.ToLocal(utc));
    }
}
