namespace GrantAdmin.Web.Features.Applications;

/// <summary>How a supplement sent now is taken: in time, too late (for the reviewer to weigh), or not at all.</summary>
public enum SupplementWindow { OnTime, Late, Closed }

/// <summary>
/// A supplement after the aanvulverzoek's term. Awb 4:5 allows the office to set the application aside then; it does not
/// oblige it. The round decides whether the portal still takes one (<see cref="Review"/>) or not (<see cref="Refuse"/>, the
/// behaviour before issue 15). A late one is taken only while the case is not set aside, and then waits for the reviewer:
/// accept it (the ranking moment becomes its receipt) or set the application aside by decision.
/// </summary>
public static class LateSupplement
{
    public const string Refuse = "Refuse";
    public const string Review = "Review";

    public static readonly IReadOnlyList<string> Policies = [Refuse, Review];

    public static SupplementWindow WindowFor(ApplicationState state, DateOnly dueOn, DateOnly today, string policy) => state switch
    {
        ApplicationState.AanvullingGevraagd when today <= dueOn => SupplementWindow.OnTime,
        // "Buiten behandeling (termijn verstreken)" is the lapsed term, not yet the set-aside decision: a late one can still come.
        ApplicationState.AanvullingGevraagd or ApplicationState.BuitenBehandeling when today > dueOn && policy == Review => SupplementWindow.Late,
        _ => SupplementWindow.Closed,
    };

    /// <summary>The term lapsed, a supplement arrived after it, and the reviewer has not chosen yet.</summary>
    public static bool AwaitsChoice(ApplicationState state, DateOnly dueOn, DateOnly? supplementReceivedOn) =>
        state == ApplicationState.BuitenBehandeling && supplementReceivedOn is { } received && received > dueOn;

    public static string Label(string policy) => policy == Review
        ? "De gemeente kan na de termijn nog aanvullen, zolang de aanvraag niet buiten behandeling is gesteld. De behandelaar beslist of de aanvraag dan toch in behandeling gaat."
        : "Na de termijn kan de gemeente niet meer aanvullen.";
}
