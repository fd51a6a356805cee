using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Progress;

// The codes are those of the CHECK constraints in 0002_programme.sql.
public enum Theme { Vindbaarheid, Aanbod, KwaliteitDeskundigheid, Onafhankelijkheid, InwonersBetrekken }
public enum ThemeStatus { NietGestart, Bezig, Gerealiseerd }
public enum InvolvementForm { Peilend, Verdiepend, Structureel }
public enum Method { Vragenlijst, Straatinterviews, Ervaringenkaart, Klantreis, DiepteInterviews, Storytelling, Klankbordgroep, Klantenpanel, Dialoogtafel, Adviesraad }

/// <summary>Progress of a koploper (domain.md §8): themes, activities with their form of resident involvement, milestones.</summary>
public static class ProgressRules
{
    public static string Label(Theme theme) => theme switch
    {
        Theme.Vindbaarheid => "Vindbaarheid",
        Theme.Aanbod => "Aanbod",
        Theme.KwaliteitDeskundigheid => "Kwaliteit en deskundigheid",
        Theme.Onafhankelijkheid => "Onafhankelijkheid",
        Theme.InwonersBetrekken => "Inwoners betrekken",
        _ => theme.ToString(),
    };

    public static string Label(ThemeStatus status) => status switch
    {
        ThemeStatus.NietGestart => "Niet gestart",
        ThemeStatus.Bezig => "Bezig",
        ThemeStatus.Gerealiseerd => "Gerealiseerd",
        _ => status.ToString(),
    };

    public static string Label(InvolvementForm form) => form switch
    {
        InvolvementForm.Peilend => "Peilend",
        InvolvementForm.Verdiepend => "Verdiepend",
        InvolvementForm.Structureel => "Structureel",
        _ => form.ToString(),
    };

    public static string Label(Method method) => method switch
    {
        Method.Vragenlijst => "Vragenlijst",
        Method.Straatinterviews => "Straatinterviews",
        Method.Ervaringenkaart => "Ervaringenkaart",
        Method.Klantreis => "Klantreis",
        Method.DiepteInterviews => "Diepte-interviews",
        Method.Storytelling => "Storytelling",
        Method.Klankbordgroep => "Klankbordgroep",
        Method.Klantenpanel => "Klantenpanel",
        Method.Dialoogtafel => "Dialoogtafel",
        Method.Adviesraad => "Adviesraad",
        _ => method.ToString(),
    };

    /// <summary>The form of resident involvement each method belongs to.</summary>
    public static InvolvementForm FormOf(Method method) => method switch
    {
        Method.Vragenlijst or Method.Straatinterviews or Method.Ervaringenkaart => InvolvementForm.Peilend,
        Method.Klantreis or Method.DiepteInterviews or Method.Storytelling => InvolvementForm.Verdiepend,
        Method.Klankbordgroep or Method.Klantenpanel or Method.Dialoogtafel or Method.Adviesraad => InvolvementForm.Structureel,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown method."),
    };

    public static IReadOnlyList<Method> MethodsOf(InvolvementForm form) => Enum.GetValues<Method>().Where(m => FormOf(m) == form).ToList();

    public static bool Belongs(Method method, InvolvementForm form) => FormOf(method) == form;

    public sealed record ThemeForm([MaxText(TextSize.Value)] string? Status, [MaxText(TextSize.Note)] string? Note);

    public sealed record ActivityForm([MaxText(TextSize.Name)] string? Title, [MaxText(TextSize.Note)] string? Description, [MaxText(TextSize.Value)] string? Theme, [MaxText(TextSize.Value)] string? StartsOn, [MaxText(TextSize.Value)] string? EndsOn,
        [MaxText(TextSize.Value)] string? Involvement, [MaxText(TextSize.Value)] string? Method);
    public sealed record Activity(string Title, string? Description, Theme? Theme, DateOnly StartsOn, DateOnly? EndsOn, InvolvementForm Form, Method Method);

    public sealed record MilestoneForm([MaxText(TextSize.Name)] string? Title, [MaxText(TextSize.Value)] string? DueOn, [MaxText(TextSize.Value)] string? ReachedOn);
    public sealed record Milestone(string Title, DateOnly DueOn, DateOnly? ReachedOn);

    /// <summary>Notes, descriptions and remarks: the SQL Server columns they are stored in hold 1000 characters.</summary>
    public const int MaxText = TextSize.Note;

    public static (ThemeStatus? Status, string? Note, Errors Errors) Check(ThemeForm form)
    {
        var status = Codes.Parse<ThemeStatus>(form.Status);
        var note = ProgrammeInput.Text(form.Note);
        var errors = new Errors()
            .Add(nameof(ThemeForm.Status), "Kies de status: niet gestart, bezig of gerealiseerd.", status is null)
            .Add(nameof(ThemeForm.Note), $"Maak de toelichting korter: hoogstens {MaxText} tekens.", note?.Length > MaxText);
        return (status, note, errors);
    }

    public static (Activity? Activity, Errors Errors) Check(ActivityForm form)
    {
        var errors = new Errors();
        var title = ProgrammeInput.Text(form.Title);
        errors.Add(nameof(ActivityForm.Title), "Vul de naam van de activiteit in.", title is null);
        errors.Add(nameof(ActivityForm.Title), "Maak de naam korter: hoogstens 200 tekens.", title?.Length > 200);
        var description = ProgrammeInput.Text(form.Description);
        errors.Add(nameof(ActivityForm.Description), $"Maak de beschrijving korter: hoogstens {MaxText} tekens.", description?.Length > MaxText);
        var theme = Codes.Parse<Theme>(form.Theme);
        errors.Add(nameof(ActivityForm.Theme), "Kies een van de thema's, of geen thema.", ProgrammeInput.Text(form.Theme) is not null && theme is null);
        var starts = ProgrammeInput.Date(form.StartsOn, nameof(ActivityForm.StartsOn), "begindatum", errors);
        var ends = ProgrammeInput.Date(form.EndsOn, nameof(ActivityForm.EndsOn), "einddatum", errors, required: false);
        errors.Add(nameof(ActivityForm.EndsOn), "De einddatum ligt vóór de begindatum: vul een einddatum op of na de begindatum in.", ends < starts);
        var involvement = Codes.Parse<InvolvementForm>(form.Involvement);
        errors.Add(nameof(ActivityForm.Involvement), "Kies de vorm van inwonersbetrokkenheid: peilend, verdiepend of structureel.", involvement is null);
        var method = Codes.Parse<Method>(form.Method);
        errors.Add(nameof(ActivityForm.Method), "Kies de methode waarmee inwoners betrokken zijn.", method is null);
        if (method is { } m && involvement is { } f && !Belongs(m, f))
            errors.Add(nameof(ActivityForm.Method), MethodMismatch(m, f), true);
        return errors.None ? (new Activity(title!, description, theme, starts!.Value, ends, involvement!.Value, method!.Value), errors) : (null, errors);
    }

    /// <summary>"Klantreis hoort bij verdiepend, niet bij peilend: kies vragenlijst, straatinterviews of ervaringenkaart."</summary>
    public static string MethodMismatch(Method method, InvolvementForm form)
    {
        var options = MethodsOf(form).Select(x => Label(x).ToLowerInvariant()).ToList();
        var list = string.Join(", ", options.Take(options.Count - 1)) + " of " + options[^1];
        return $"{Label(method)} hoort bij {Label(FormOf(method)).ToLowerInvariant()}, niet bij {Label(form).ToLowerInvariant()}: kies {list}, of kies een andere vorm.";
    }

    public static (Milestone? Milestone, Errors Errors) Check(MilestoneForm form)
    {
        var errors = new Errors();
        var title = ProgrammeInput.Text(form.Title);
        errors.Add(nameof(MilestoneForm.Title), "Vul de mijlpaal in.", title is null);
        errors.Add(nameof(MilestoneForm.Title), "Maak de mijlpaal korter: hoogstens 200 tekens.", title?.Length > 200);
        var due = ProgrammeInput.Date(form.DueOn, nameof(MilestoneForm.DueOn), "streefdatum", errors);
        var reached = ProgrammeInput.Date(form.ReachedOn, nameof(MilestoneForm.ReachedOn), "datum waarop de mijlpaal is bereikt", errors, required: false);
        return errors.None ? (new Milestone(title!, due!.Value, reached), errors) : (null, errors);
    }

    /// <summary>A milestone not reached whose date has passed is late.</summary>
    public static bool IsLate(DateOnly dueOn, DateOnly? reachedOn, DateOnly today) => reachedOn is null && dueOn < today;
}
