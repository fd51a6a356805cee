using GrantAdmin.Web.Features.Applications;
using static GrantAdmin.Web.Features.Applications.ApplicationState;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>The case flow of domain.md §3, written out here on its own so the code's table can't agree with itself.</summary>
public sealed class StateMachineTests
{
    /// <summary>
    /// Every arrow, and no other. Read from domain.md §3, with two readings made explicit:
    /// - "Buiten behandeling" (completion term passed unused) leads to a decision to set the application aside,
    ///   which is prepared and approved like every decision (§4: the set-aside decision follows within 4 weeks).
    /// - An accordeerder may return a prepared decision (§5), so "ter accordering" can go back to "in voorbereiding".
    /// "Ingetrokken is possible until decided": from every submitted state before a decision.
    /// </summary>
    private static readonly (ApplicationState From, ApplicationState To)[] Arrows =
    [
        (Concept, Ingediend),
        (Ingediend, InBehandeling),
        (InBehandeling, AanvullingGevraagd),
        (AanvullingGevraagd, InBehandeling),
        (AanvullingGevraagd, BuitenBehandeling),
        (InBehandeling, Volledig),
        (Volledig, BesluitInVoorbereiding),
        (BuitenBehandeling, InBehandeling), // a late supplement accepted
        (BuitenBehandeling, BesluitInVoorbereiding),
        (BesluitInVoorbereiding, BesluitTerAccordering),
        (BesluitTerAccordering, BesluitInVoorbereiding),
        (BesluitTerAccordering, Verleend),
        (BesluitTerAccordering, Afgewezen),
        (BesluitTerAccordering, BuitenBehandelingGesteld),
        (Verleend, Vastgesteld),

        (Ingediend, Ingetrokken),
        (InBehandeling, Ingetrokken),
        (AanvullingGevraagd, Ingetrokken),
        (BuitenBehandeling, Ingetrokken),
        (Volledig, Ingetrokken),
        (BesluitInVoorbereiding, Ingetrokken),
        (BesluitTerAccordering, Ingetrokken),
    ];

    private static readonly ApplicationState[] Decided = [Verleend, Afgewezen, BuitenBehandelingGesteld, Vastgesteld];

    public static TheoryData<ApplicationState, ApplicationState> AllPairs()
    {
        var data = new TheoryData<ApplicationState, ApplicationState>();
        foreach (var from in Enum.GetValues<ApplicationState>())
            foreach (var to in Enum.GetValues<ApplicationState>())
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void CanMove_OnlyAlongTheArrowsOfTheDomain(ApplicationState from, ApplicationState to) =>
        Assert.Equal(Arrows.Contains((from, to)), StateMachine.CanMove(from, to));

    [Fact]
    public void Arrows_CoverEveryState()
    {
        var reached = Arrows.SelectMany(a => new[] { a.From, a.To }).ToHashSet();
        Assert.Equal(Enum.GetValues<ApplicationState>().Order(), reached.Order());
    }

    [Theory]
    [InlineData(Ingediend)]
    [InlineData(InBehandeling)]
    [InlineData(AanvullingGevraagd)]
    [InlineData(BuitenBehandeling)]
    [InlineData(Volledig)]
    [InlineData(BesluitInVoorbereiding)]
    [InlineData(BesluitTerAccordering)]
    public void CanWithdraw_SubmittedAndNotYetDecided_True(ApplicationState state) => Assert.True(StateMachine.CanWithdraw(state));

    [Theory]
    [InlineData(Concept)]
    [InlineData(Verleend)]
    [InlineData(Afgewezen)]
    [InlineData(BuitenBehandelingGesteld)]
    [InlineData(Vastgesteld)]
    [InlineData(Ingetrokken)]
    public void CanWithdraw_DraftDecidedOrWithdrawn_False(ApplicationState state) => Assert.False(StateMachine.CanWithdraw(state));

    [Theory]
    [MemberData(nameof(States))]
    public void IsDecided_OnlyForDecisionsAndSettlement(ApplicationState state) =>
        Assert.Equal(Decided.Contains(state), StateMachine.IsDecided(state));

    [Theory]
    [MemberData(nameof(States))]
    public void DecidedOrWithdrawn_NoWayBackToAnEarlierState(ApplicationState state)
    {
        if (!StateMachine.IsDecided(state) && state != Ingetrokken) return;
        var onward = Enum.GetValues<ApplicationState>().Where(to => StateMachine.CanMove(state, to));
        ApplicationState[] expected = state == Verleend ? [Vastgesteld] : [];
        Assert.Equal(expected, onward);
    }

    public static TheoryData<ApplicationState> States() => new(Enum.GetValues<ApplicationState>());

    [Theory]
    [InlineData(Concept, "Concept")]
    [InlineData(Ingediend, "Ingediend")]
    [InlineData(InBehandeling, "In behandeling")]
    [InlineData(AanvullingGevraagd, "Aanvulling gevraagd")]
    [InlineData(BuitenBehandeling, "Buiten behandeling (termijn verstreken)")]
    [InlineData(Volledig, "Volledig")]
    [InlineData(BesluitInVoorbereiding, "Besluit in voorbereiding")]
    [InlineData(BesluitTerAccordering, "Besluit ter accordering")]
    [InlineData(Verleend, "Verleend")]
    [InlineData(Afgewezen, "Afgewezen")]
    [InlineData(BuitenBehandelingGesteld, "Buiten behandeling gesteld")]
    [InlineData(Ingetrokken, "Ingetrokken")]
    [InlineData(Vastgesteld, "Vastgesteld")]
    public void Label_DutchNameOfTheState(ApplicationState state, string label) => Assert.Equal(label, StateMachine.Label(state));

    [Fact]
    public void Label_EveryStateDistinct() =>
        Assert.Equal(Enum.GetValues<ApplicationState>().Length, Enum.GetValues<ApplicationState>().Select(StateMachine.Label).Distinct().Count());
}
