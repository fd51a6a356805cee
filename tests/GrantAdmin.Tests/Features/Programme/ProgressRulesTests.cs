using CsCheck;
using GrantAdmin.Web.Features.Programme.Progress;
using static GrantAdmin.Web.Features.Programme.Progress.ProgressRules;

namespace GrantAdmin.Tests.Features.Programme;

public sealed class ProgressRulesTests
{
    /// <summary>domain.md §8, written out once more by hand: the method ↔ form table the rule must follow.</summary>
    private static readonly Dictionary<Method, InvolvementForm> Table = new()
    {
        [Method.Vragenlijst] = InvolvementForm.Peilend,
        [Method.Straatinterviews] = InvolvementForm.Peilend,
        [Method.Ervaringenkaart] = InvolvementForm.Peilend,
        [Method.Klantreis] = InvolvementForm.Verdiepend,
        [Method.DiepteInterviews] = InvolvementForm.Verdiepend,
        [Method.Storytelling] = InvolvementForm.Verdiepend,
        [Method.Klankbordgroep] = InvolvementForm.Structureel,
        [Method.Klantenpanel] = InvolvementForm.Structureel,
        [Method.Dialoogtafel] = InvolvementForm.Structureel,
        [Method.Adviesraad] = InvolvementForm.Structureel,
    };

    public static TheoryData<Method, InvolvementForm> EveryPair()
    {
        var data = new TheoryData<Method, InvolvementForm>();
        foreach (var m in Enum.GetValues<Method>())
        foreach (var f in Enum.GetValues<InvolvementForm>())
            data.Add(m, f);
        return data;
    }

    private static ActivityForm Valid(string? form = "Peilend", string? method = "Vragenlijst", string? starts = "2020-03-01", string? ends = null) =>
        new("Enquête", null, null, starts, ends, form, method);

    [Theory, MemberData(nameof(EveryPair))]
    public void MethodAndForm_BelongTogetherExactlyAsTheProgrammeSays(Method method, InvolvementForm form)
    {
        Assert.Equal(Table[method] == form, Belongs(method, form));
        var (activity, errors) = Check(Valid(form.ToString(), method.ToString()));
        Assert.Equal(Table[method] == form, activity is not null);
        if (Table[method] != form) Assert.StartsWith($"{Label(method)} hoort bij {Label(Table[method]).ToLowerInvariant()}, niet bij", errors[nameof(ActivityForm.Method)]);
    }

    [Fact]
    public void Methods_ArePartitionedOverTheThreeForms()
    {
        var all = Enum.GetValues<InvolvementForm>().SelectMany(MethodsOf).ToList();
        Assert.Equal(Enum.GetValues<Method>().Order(), all.Order());
        Assert.Equal(3, MethodsOf(InvolvementForm.Peilend).Count);
        Assert.Equal(3, MethodsOf(InvolvementForm.Verdiepend).Count);
        Assert.Equal(4, MethodsOf(InvolvementForm.Structureel).Count);
    }

    [Fact]
    public void Mismatch_NamesTheMethodsOfTheChosenForm() =>
        Assert.Equal("Klantreis hoort bij verdiepend, niet bij peilend: kies vragenlijst, straatinterviews of ervaringenkaart, of kies een andere vorm.",
            MethodMismatch(Method.Klantreis, InvolvementForm.Peilend));

    [Theory]
    [InlineData(null, "Vragenlijst", nameof(ActivityForm.Involvement), "Kies de vorm van inwonersbetrokkenheid: peilend, verdiepend of structureel.")]
    [InlineData("Peilend", null, nameof(ActivityForm.Method), "Kies de methode waarmee inwoners betrokken zijn.")]
    [InlineData("0", "Vragenlijst", nameof(ActivityForm.Involvement), "Kies de vorm van inwonersbetrokkenheid: peilend, verdiepend of structureel.")]
    [InlineData("Peilend", "Enquête", nameof(ActivityForm.Method), "Kies de methode waarmee inwoners betrokken zijn.")]
    [InlineData("peilend", "Vragenlijst", nameof(ActivityForm.Involvement), "Kies de vorm van inwonersbetrokkenheid: peilend, verdiepend of structureel.")]
    public void MissingOrUnknownFormOrMethod_IsRefusedAtItsField(string? form, string? method, string field, string message)
    {
        var (activity, errors) = Check(Valid(form, method));

        Assert.Null(activity);
        Assert.Equal(message, errors[field]);
    }

    [Fact]
    public void Activity_WithoutTitleOrStart_AsksForThem()
    {
        var (_, errors) = Check(new ActivityForm(" ", null, null, "", null, "Peilend", "Vragenlijst"));

        Assert.Equal("Vul de naam van de activiteit in.", errors[nameof(ActivityForm.Title)]);
        Assert.Equal("Vul de begindatum in.", errors[nameof(ActivityForm.StartsOn)]);
    }

    [Theory]
    [InlineData("31-02-2020", "Vul een geldige begindatum in, zoals 1-6-2019.")]
    [InlineData("morgen", "Vul een geldige begindatum in, zoals 1-6-2019.")]
    public void Activity_WithAWrongDate_SaysHowToWriteIt(string starts, string message) =>
        Assert.Equal(message, Check(Valid(starts: starts)).Errors[nameof(ActivityForm.StartsOn)]);

    [Fact]
    public void Activity_EndingBeforeItStarts_IsRefused() =>
        Assert.Equal("De einddatum ligt vóór de begindatum: vul een einddatum op of na de begindatum in.",
            Check(Valid(starts: "2020-03-01", ends: "2020-02-29")).Errors[nameof(ActivityForm.EndsOn)]);

    [Fact]
    public void Activity_DutchDatesAndOneDay_AreFine()
    {
        var (activity, _) = Check(Valid(starts: "1-3-2020", ends: "01-03-2020"));

        Assert.Equal(new DateOnly(2020, 3, 1), activity!.StartsOn);
        Assert.Equal(new DateOnly(2020, 3, 1), activity.EndsOn);
    }

    [Fact]
    public void Activity_WithAnUnknownTheme_IsRefused_WithoutTheme_IsFine()
    {
        Assert.Equal("Kies een van de thema's, of geen thema.", Check(Valid() with { Theme = "Geluk" }).Errors[nameof(ActivityForm.Theme)]);
        Assert.Null(Check(Valid() with { Theme = "" }).Activity!.Theme);
        Assert.Equal(Theme.Aanbod, Check(Valid() with { Theme = "Aanbod" }).Activity!.Theme);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("Klaar", false)]
    [InlineData("1", false)]
    [InlineData("NietGestart", true)]
    [InlineData("Bezig", true)]
    [InlineData("Gerealiseerd", true)]
    public void ThemeStatus_OnlyTheThreeStatuses(string? status, bool valid)
    {
        var (parsed, _, errors) = Check(new ThemeForm(status, " notitie "));

        Assert.Equal(valid, parsed is not null);
        if (!valid) Assert.Equal("Kies de status: niet gestart, bezig of gerealiseerd.", errors[nameof(ThemeForm.Status)]);
    }

    [Fact]
    public void Milestone_NeedsTitleAndDueDate_ReachedIsOptional()
    {
        var (_, errors) = Check(new MilestoneForm("", "", "2020-13-01"));
        Assert.Equal("Vul de mijlpaal in.", errors[nameof(MilestoneForm.Title)]);
        Assert.Equal("Vul de streefdatum in.", errors[nameof(MilestoneForm.DueOn)]);
        Assert.Equal("Vul een geldige datum waarop de mijlpaal is bereikt in, zoals 1-6-2019.", errors[nameof(MilestoneForm.ReachedOn)]);

        Assert.Null(Check(new MilestoneForm("Plan klaar", "2020-01-31", null)).Milestone!.ReachedOn);
    }

    [Theory]
    [InlineData("2020-01-31", null, "2020-02-01", true)]
    [InlineData("2020-01-31", null, "2020-01-31", false)]
    [InlineData("2020-01-31", "2020-03-01", "2020-06-01", false)]
    public void Milestone_IsLateOnlyWhenNotReachedAndPastItsDate(string due, string? reached, string today, bool late) =>
        Assert.Equal(late, IsLate(DateOnly.Parse(due), reached is null ? null : DateOnly.Parse(reached), DateOnly.Parse(today)));

    [Fact]
    public void AnyMethodAndForm_CheckAgreesWithFormOf() =>
        Gen.Select(Gen.Enum<Method>(), Gen.Enum<InvolvementForm>()).Sample((m, f) =>
            (Check(Valid(f.ToString(), m.ToString())).Activity is not null) == (FormOf(m) == f));
}
