namespace GrantAdmin.Web.Features.Deadlines;

/// <summary>
/// One pause of the decision term by an aanvulverzoek. Awb 4:15(1)(a): the term is suspended "met ingang van de dag na
/// die waarop de aanvrager is uitgenodigd de aanvraag aan te vullen, tot de dag waarop de aanvraag is aangevuld of de
/// daarvoor gestelde termijn ongebruikt is verstreken". Legislation writes "tot en met" where it means inclusive, so
/// "tot" stops short of the day the supplement arrives: the clock runs again on that day. A completion term that ran out
/// unused has "verstreken" only at the end of its last day, so that day is still paused and the clock runs again the day
/// after. The two ends differ by one day, so a caller says which one it has: there is no constructor that takes a bare end day.
/// </summary>
public sealed record Suspension
{
    /// <summary>The day the aanvulverzoek was sent; the pause starts the day after.</summary>
    public DateOnly RequestedOn { get; }

    /// <summary>The first day the clock runs again; null while the supplement is awaited and the term still runs.</summary>
    public DateOnly? ResumesOn { get; }

    private Suspension(DateOnly requestedOn, DateOnly? resumesOn)
    {
        if (resumesOn < requestedOn)
            throw new ArgumentException($"Suspension ends on {resumesOn:yyyy-MM-dd} before the aanvulverzoek of {requestedOn:yyyy-MM-dd}.", nameof(resumesOn));
        RequestedOn = requestedOn;
        ResumesOn = resumesOn;
    }

    /// <summary>Neither supplied nor run out yet: the decision term is stopped.</summary>
    public static Suspension Open(DateOnly requestedOn) => new(requestedOn, null);

    /// <summary>Supplied on <paramref name="suppliedOn"/>: the clock runs again on that very day.</summary>
    public static Suspension Supplied(DateOnly requestedOn, DateOnly suppliedOn) => new(requestedOn, suppliedOn);

    /// <summary>The completion term ran out unused on <paramref name="termLastDay"/>: that day is paused too.</summary>
    public static Suspension Lapsed(DateOnly requestedOn, DateOnly termLastDay)
    {
        // A completion term holds at least one day after the aanvulverzoek (Terms.End).
        if (termLastDay <= requestedOn)
            throw new ArgumentException($"Completion term ends on {termLastDay:yyyy-MM-dd}, not after the aanvulverzoek of {requestedOn:yyyy-MM-dd}.", nameof(termLastDay));
        return new(requestedOn, termLastDay.AddDays(1));
    }

    /// <summary>Whether <paramref name="day"/> does not count towards the decision term.</summary>
    public bool Pauses(DateOnly day) => RequestedOn < day && (ResumesOn is null || day < ResumesOn);
}
