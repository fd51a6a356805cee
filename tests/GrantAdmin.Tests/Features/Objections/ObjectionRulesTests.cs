using GrantAdmin.Web.Features.Deadlines;
using GrantAdmin.Web.Features.Objections;
using GrantAdmin.Web.Infrastructure;
using static GrantAdmin.Tests.Features.Deadlines.Dates;

namespace GrantAdmin.Tests.Features.Objections;

/// <summary>In time or late (Awb 6:7, 6:8, 6:9, Atw) and the handling term (7:10), on calendar dates.</summary>
public sealed class ObjectionRulesTests
{
    private static readonly IReadOnlySet<DateOnly> Seed = Designated;

    private static DateOnly DueAfterSending(string sentOn) => Terms.ObjectionDeadline(D(sentOn), Seed);

    [Theory]
    [InlineData("2023-03-01", "2023-04-12")] // Wednesday + 6 weeks: a working day
    [InlineData("2023-03-04", "2023-04-17")] // ends on Saturday 15 April → Monday
    [InlineData("2023-03-16", "2023-05-01")] // ends on Koningsdag (Thursday 27 April); designated Friday, weekend → Monday
    [InlineData("2023-02-24", "2023-04-11")] // ends on Goede Vrijdag; weekend and tweede Paasdag follow → Tuesday
    [InlineData("2023-04-06", "2023-05-22")] // ends on Hemelvaartsdag; the designated Friday and the weekend follow → Monday
    [InlineData("2023-11-13", "2023-12-27")] // ends on Christmas Day; Boxing Day follows → Wednesday
    public void ObjectionTerm_IsSixWeeksFromTheDayAfterSending_MovedOffNonWorkingDays(string sentOn, string expected) =>
        Assert.Equal(D(expected), DueAfterSending(sentOn));

    [Theory]
    [InlineData("2023-03-01", "2023-03-01", false)] // the day of sending itself
    [InlineData("2023-03-01", "2023-04-11", false)]
    [InlineData("2023-03-01", "2023-04-12", false)] // the last day
    [InlineData("2023-03-01", "2023-04-13", true)]  // one day late
    [InlineData("2023-03-04", "2023-04-15", false)] // Saturday, inside the term moved to Monday
    [InlineData("2023-03-04", "2023-04-17", false)] // the Monday the term moved to
    [InlineData("2023-03-04", "2023-04-18", true)]
    [InlineData("2023-03-16", "2023-04-28", false)] // the designated Friday after Koningsdag
    [InlineData("2023-03-16", "2023-04-29", false)] // Saturday, inside the term moved to Monday
    [InlineData("2023-03-16", "2023-05-01", false)] // the Monday the term moved to
    [InlineData("2023-03-16", "2023-05-02", true)]
    [InlineData("2023-02-24", "2023-04-11", false)] // Tuesday after Easter
    [InlineData("2023-02-24", "2023-04-12", true)]
    [InlineData("2023-04-06", "2023-05-22", false)] // Monday after Hemelvaart and the designated Friday
    [InlineData("2023-04-06", "2023-05-23", true)]
    [InlineData("2023-11-13", "2023-12-27", false)]
    [InlineData("2023-11-13", "2023-12-28", true)]
    public void ReceivedOn_IsInTimeUpToAndIncludingTheLastDay(string sentOn, string receivedOn, bool late) =>
        Assert.Equal(late, ObjectionRules.IsLate(DueAfterSending(sentOn), D(receivedOn), null, Seed));

    [Fact]
    public void DesignatedFriday_MovesTheTermOnlyWhenItIsDesignated()
    {
        Assert.Equal(D("2023-05-19"), Terms.ObjectionDeadline(D("2023-04-06"), NoDesignatedDays));
        Assert.True(ObjectionRules.IsLate(Terms.ObjectionDeadline(D("2023-04-06"), NoDesignatedDays), D("2023-05-22"), null, NoDesignatedDays));
        Assert.False(ObjectionRules.IsLate(DueAfterSending("2023-04-06"), D("2023-05-22"), null, Seed));
    }

    // Awb 6:9(2): posted by the last day and received within a week after it (that week per the Atw).
    [Theory]
    [InlineData("2023-04-12", "2023-04-12", "2023-04-19", false)] // posted on the last day, a week later: in time
    [InlineData("2023-04-12", "2023-04-10", "2023-04-19", false)]
    [InlineData("2023-04-12", "2023-04-12", "2023-04-20", true)]  // eight days after: late
    [InlineData("2023-04-12", "2023-04-13", "2023-04-14", true)]  // posted after the last day: late
    [InlineData("2023-04-28", "2023-04-28", "2023-05-08", false)] // the week ends on 5 mei (Friday) → Monday 8 May
    [InlineData("2023-04-28", "2023-04-28", "2023-05-09", true)]
    [InlineData("2023-12-27", "2023-12-27", "2024-01-03", false)] // over New Year: 3 January is a working day
    [InlineData("2023-12-27", "2023-12-27", "2024-01-04", true)]
    public void PostedInTime_ReceivedWithinAWeekAfter_IsInTime(string dueOn, string postedOn, string receivedOn, bool late) =>
        Assert.Equal(late, ObjectionRules.IsLate(D(dueOn), D(receivedOn), D(postedOn), Seed));

    [Fact]
    public void PostedOn_DoesNotMatter_WhenReceivedInTime() =>
        Assert.False(ObjectionRules.IsLate(D("2023-04-12"), D("2023-04-12"), D("2023-05-01"), Seed));

    [Theory]
    [InlineData("2023-04-12", false, "2023-05-24")] // six weeks after the objection term: Wednesday
    [InlineData("2023-04-12", true, "2023-07-05")]  // deferred once: twelve weeks
    [InlineData("2023-04-17", false, "2023-05-30")] // ends on tweede Pinksterdag → Tuesday
    [InlineData("2023-04-17", true, "2023-07-10")]
    [InlineData("2023-11-13", false, "2023-12-27")] // ends on Christmas Day → Wednesday after Boxing Day
    [InlineData("2023-11-13", true, "2024-02-05")]
    [InlineData("2023-04-06", false, "2023-05-22")] // ends on Hemelvaartsdag → past the designated Friday and the weekend
    public void HandlingTerm_IsSixWeeksAfterTheObjectionTerm_TwelveWhenDeferred(string objectionDueOn, bool extended, string expected) =>
        Assert.Equal(D(expected), ObjectionRules.HandlingDeadline(D(objectionDueOn), extended, Seed));

    [Fact]
    public void HandlingTerm_NeverEndsOnANonWorkingDay()
    {
        for (var due = D("2022-01-01"); due <= D("2026-12-31"); due = due.AddDays(1))
        foreach (var extended in new[] { false, true })
        {
            var end = ObjectionRules.HandlingDeadline(due, extended, Seed);
            Assert.True(Holidays.IsWorkingDay(end, Seed), $"{due} ({extended}) → {end}");
            Assert.InRange(end.DayNumber - due.DayNumber, extended ? 84 : 42, (extended ? 84 : 42) + 5);
        }
    }

    [Theory]
    [InlineData(false, null, true)]
    [InlineData(false, false, true)]
    [InlineData(true, null, false)]
    [InlineData(true, false, false)]
    [InlineData(true, true, true)]
    public void OnlyInTimeOrExcusablyLate_MayBeJudgedOnTheMerits(bool late, bool? excusable, bool expected) =>
        Assert.Equal(expected, ObjectionRules.MayJudgeOnMerits(late, excusable));

    private static Errors Validate(string? received, string? posted, string? filedBy = "College van B&W", string? summary = "Bedrag te laag",
        string sentOn = "2023-03-01", string today = "2023-03-20") =>
        ObjectionRules.ValidateRegistration(received is null ? null : D(received), posted is null ? null : D(posted), filedBy, summary, D(sentOn), D(today), new Errors());

    [Fact]
    public void ValidRegistration_HasNoErrors() => Assert.True(Validate("2023-03-20", "2023-03-18").None);

    [Fact]
    public void ReceivedInTheFuture_IsRefusedAtTheField() =>
        Assert.Equal("De ontvangstdatum ligt in de toekomst. Vul de datum in waarop het bezwaarschrift binnenkwam.", Validate("2023-03-21", null)["ReceivedOn"]);

    [Fact]
    public void ReceivedBeforeTheDecisionWasSent_IsRefusedAtTheField() =>
        Assert.Equal("De ontvangstdatum ligt vóór de verzending van het besluit op 1 maart 2023. Controleer de datum.", Validate("2023-02-28", null)["ReceivedOn"]);

    [Fact]
    public void ReceivedOnTheDayOfSending_IsAccepted() => Assert.True(Validate("2023-03-01", null).None);

    [Theory]
    [InlineData("2023-03-19", "2023-03-20", "De datum van verzending ligt na de ontvangstdatum. Controleer de poststempel.")]
    [InlineData("2023-03-20", "2023-02-27", "De datum van verzending ligt vóór de verzending van het besluit op 1 maart 2023. Controleer de poststempel.")]
    public void PostedOnOutOfOrder_IsRefusedAtTheField(string received, string posted, string message) =>
        Assert.Equal(message, Validate(received, posted)["PostedOn"]);

    [Fact]
    public void MissingFiledByAndSummary_AreRefusedAtTheirFields()
    {
        var errors = Validate("2023-03-20", null, filedBy: " ", summary: null);
        Assert.Equal("Vul in wie het bezwaar heeft ingediend.", errors["FiledBy"]);
        Assert.Equal("Vat het bezwaar kort samen.", errors["Summary"]);
    }
}
