namespace GrantAdmin.Web.Features.Applications;

/// <summary>The case flow of domain.md §3. Stored by name; a change is only possible along an arrow.</summary>
public enum ApplicationState
{
    Concept,
    Ingediend,
    InBehandeling,
    AanvullingGevraagd,
    BuitenBehandeling,
    Volledig,
    BesluitInVoorbereiding,
    BesluitTerAccordering,
    Verleend,
    Afgewezen,
    BuitenBehandelingGesteld,
    Ingetrokken,
    Vastgesteld,
}

public static class StateMachine
{
    private static readonly Dictionary<ApplicationState, ApplicationState[]> Arrows = new()
    {
        [ApplicationState.Concept] = [ApplicationState.Ingediend],
        [ApplicationState.Ingediend] = [ApplicationState.InBehandeling, ApplicationState.Ingetrokken],
        [ApplicationState.InBehandeling] = [ApplicationState.AanvullingGevraagd, ApplicationState.Volledig, ApplicationState.Ingetrokken],
        [ApplicationState.AanvullingGevraagd] = [ApplicationState.InBehandeling, ApplicationState.BuitenBehandeling, ApplicationState.Ingetrokken],
        // Back to InBehandeling when the reviewer accepts a supplement that came after the term (Awb 4:5 allows, not obliges, setting aside).
        [ApplicationState.BuitenBehandeling] = [ApplicationState.InBehandeling, ApplicationState.BesluitInVoorbereiding, ApplicationState.Ingetrokken],
        [ApplicationState.Volledig] = [ApplicationState.BesluitInVoorbereiding, ApplicationState.Ingetrokken],
        [ApplicationState.BesluitInVoorbereiding] = [ApplicationState.BesluitTerAccordering, ApplicationState.Ingetrokken],
        [ApplicationState.BesluitTerAccordering] =
        [
            ApplicationState.Verleend, ApplicationState.Afgewezen, ApplicationState.BuitenBehandelingGesteld,
            ApplicationState.BesluitInVoorbereiding, ApplicationState.Ingetrokken,
        ],
        [ApplicationState.Verleend] = [ApplicationState.Vastgesteld],
        [ApplicationState.Afgewezen] = [],
        [ApplicationState.BuitenBehandelingGesteld] = [],
        [ApplicationState.Ingetrokken] = [],
        [ApplicationState.Vastgesteld] = [],
    };

    public static bool CanMove(ApplicationState from, ApplicationState to) => Arrows[from].Contains(to);

    public static bool IsDecided(ApplicationState state) => state is ApplicationState.Verleend or ApplicationState.Afgewezen
        or ApplicationState.BuitenBehandelingGesteld or ApplicationState.Vastgesteld;

    /// <summary>The gemeente has received the uitkering (for the one-grant-per-gemeente policy).</summary>
    public static bool IsGranted(ApplicationState state) => state is ApplicationState.Verleend or ApplicationState.Vastgesteld;

    public static bool CanWithdraw(ApplicationState state) => CanMove(state, ApplicationState.Ingetrokken);

    public static string Label(ApplicationState state) => state switch
    {
        ApplicationState.Concept => "Concept",
        ApplicationState.Ingediend => "Ingediend",
        ApplicationState.InBehandeling => "In behandeling",
        ApplicationState.AanvullingGevraagd => "Aanvulling gevraagd",
        ApplicationState.BuitenBehandeling => "Buiten behandeling (termijn verstreken)",
        ApplicationState.Volledig => "Volledig",
        ApplicationState.BesluitInVoorbereiding => "Besluit in voorbereiding",
        ApplicationState.BesluitTerAccordering => "Besluit ter accordering",
        ApplicationState.Verleend => "Verleend",
        ApplicationState.Afgewezen => "Afgewezen",
        ApplicationState.BuitenBehandelingGesteld => "Buiten behandeling gesteld",
        ApplicationState.Ingetrokken => "Ingetrokken",
        ApplicationState.Vastgesteld => "Vastgesteld",
        _ => state.ToString(),
    };
}
