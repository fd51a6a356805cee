using GrantAdmin.Web.Features.Applications;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>When a supplement may still come, and when one waits for the reviewer: every state × day × round setting.</summary>
public sealed class LateSupplementRulesTests
{
    private static readonly DateOnly Due = new(2023, 2, 15);

    public static TheoryData<ApplicationState, int, string> Cases()
    {
        var data = new TheoryData<ApplicationState, int, string>();
        foreach (var state in Enum.GetValues<ApplicationState>())
            foreach (var offset in new[] { -14, -1, 0, 1, 30 })
                foreach (var policy in LateSupplement.Policies)
                    data.Add(state, offset, policy);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WindowFor_OnTimeOnlyWhileAskedAndDue_LateOnlyWhenTheRoundReviews_AndNeverOnceSetAsideOrMovedOn(ApplicationState state, int daysAfterDue, string policy)
    {
        var today = Due.AddDays(daysAfterDue);
        var expected = (state, daysAfterDue <= 0, policy) switch
        {
            (ApplicationState.AanvullingGevraagd, true, _) => SupplementWindow.OnTime,
            (ApplicationState.AanvullingGevraagd or ApplicationState.BuitenBehandeling, false, LateSupplement.Review) => SupplementWindow.Late,
            _ => SupplementWindow.Closed,
        };

        Assert.Equal(expected, LateSupplement.WindowFor(state, Due, today, policy));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AwaitsChoice_OnlyBuitenBehandeling_WithASupplementAfterTheTerm(ApplicationState state, int daysAfterDue, string policy)
    {
        _ = policy; // the choice waits whatever the round says now: the setting may have changed since the supplement came
        var received = Due.AddDays(daysAfterDue);

        Assert.Equal(state == ApplicationState.BuitenBehandeling && daysAfterDue > 0, LateSupplement.AwaitsChoice(state, Due, received));
        Assert.False(LateSupplement.AwaitsChoice(state, Due, null));
    }

    [Fact]
    public void Label_SaysInPlainDutchWhatEachSettingDoes()
    {
        Assert.Equal("Na de termijn kan de gemeente niet meer aanvullen.", LateSupplement.Label(LateSupplement.Refuse));
        Assert.Contains("De behandelaar beslist", LateSupplement.Label(LateSupplement.Review));
    }
}
