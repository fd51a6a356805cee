using GrantAdmin.Web.Features.Programme.Cohorts;
using GrantAdmin.Web.Features.Programme.Participants;

namespace GrantAdmin.Tests.Features.Programme;

/// <summary>How a koplopers.csv text becomes a lichting: only where the file says it, never guessed.</summary>
public sealed class KoploperSeedPlanTests
{
    [Theory]
    [InlineData("2017-2018 (cohort 1 or 2; in the list of 28 funded from 2019-06-01)", null)]
    [InlineData("2018 (joined summer 2018; cohort 1 or 2)", null)]
    [InlineData("unknown (project active Dec 2022)", null)]
    [InlineData("unknown", null)]
    [InlineData("2019 (start; cohort 2 inferred)", CohortSeed.Second)]
    [InlineData("2021 (last recruitment round; kick-off 2021-03-02)", CohortSeed.Fifth)]
    public void CohortKeyFor_GivesALichtingOnlyWhereTheFileSaysIt(string text, string? expected) =>
        Assert.Equal(expected, KoploperSeed.CohortKeyFor(text));

    [Fact]
    public void Plan_GroupsANamedRegion_AndKeepsRemarksAsNotes()
    {
        Dictionary<string, string> Row(string name, string cohort, string region, string source) =>
            new() { ["name"] = name, ["cohort_or_start"] = cohort, ["region"] = region, ["source"] = source };

        var plan = KoploperSeed.Plan([
            Row("Goes", "2019 (start; cohort 2 inferred)", "Oosterschelderegio", "swvo"),
            Row("Tholen", "2019 (start; cohort 2 inferred)", "Oosterschelderegio", "swvo"),
            Row("Opsterland", "unknown", "joined jointly (per project documents; unverified)", "UNVERIFIED: only in our own project documents"),
        ]);

        Assert.Equal(2, plan.Count);
        Assert.Equal(("Regio", "Oosterschelderegio", 2), (plan[0].Kind, plan[0].Name, plan[0].Members.Count));
        Assert.Equal(("Gemeente", "unknown; joined jointly (per project documents; unverified)", true), (plan[1].Kind, plan[1].CohortNote, plan[1].IsUnverified));
    }
}
