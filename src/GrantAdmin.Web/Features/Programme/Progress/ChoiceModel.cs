namespace GrantAdmin.Web.Features.Programme.Progress;

/// <summary>A labelled select for the _Choice partial, with the Dutch error at the field like _Field; options may be grouped.</summary>
public sealed record ChoiceModel(string Name, string Label, string? Value, IReadOnlyList<ChoiceModel.Option> Options, string? Hint = null, string? Empty = null)
{
    public sealed record Option(string Value, string Label, string? Group = null);
}
