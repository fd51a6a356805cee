using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Web.Features.Decisions;

/// <summary>
/// The four-eyes rule of every decision that needs a second reviewer (a beschikking, a vaststelling): an
/// Accordeerder who did not prepare it approves or returns it. The preparer always comes from the stored record.
/// </summary>
public static class FourEyes
{
    public const string OwnDecision = "U hebt dit besluit zelf voorbereid. Een andere accordeerder moet het beoordelen (vier ogen).";

    /// <summary>Null when <paramref name="reviewer"/> may approve or return what <paramref name="preparedBy"/> prepared; the Dutch refusal otherwise.</summary>
    public static string? Refusal(int preparedBy, CurrentUser reviewer, string verb) =>
        preparedBy == reviewer.Id ? OwnDecision
        : reviewer.Role != Roles.Accordeerder ? $"Alleen een accordeerder kan een besluit {verb}."
        : null;

    /// <summary>Whether the approve and return buttons are shown.</summary>
    public static bool MayReview(int preparedBy, CurrentUser me) => Refusal(preparedBy, me, "accorderen") is null;

    /// <summary>Returning needs a remark for the preparer (the field is named Remark in both forms).</summary>
    public static Infrastructure.Errors RemarkErrors(string? remark) =>
        new Infrastructure.Errors().Add("Remark", "Schrijf op wat de voorbereider moet aanpassen.", string.IsNullOrWhiteSpace(remark));
}
