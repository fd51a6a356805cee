using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Web.Features.Shared;

/// <summary>
/// The main menu, grouped by the kind of work, for whoever is signed in; and which item the current page falls under.
/// Kept in one place so the layout only renders it and a test can check every role's menu.
/// </summary>
public static class Menu
{
    public sealed record Item(string Href, string Label);
    public sealed record Group(string? Title, IReadOnlyList<Item> Items);

    private static readonly Group Casework = new("Behandeling",
        [new("/behandeling", "Werkvoorraad"), new("/behandeling/verzenden", "Verzenden"), new("/behandeling/bezwaren", "Bezwaren"),
         new("/betalingen", "Betalingen"), new("/auditlog", "Auditlog")]);
    private static readonly Group Programme = new("Koploperprogramma",
        [new("/programma", "Koploperprogramma"), new("/programma/overzicht", "Landelijk overzicht"), new("/programma/regio", "Ambassadeurs per regio")]);
    private static readonly Group Municipality = new("Gemeente",
        [new("/aanvragen", "Aanvragen"), new("/mijn-deelname", "Mijn deelname"), new("/mijn-deelname/contacten", "Contacten ambassadeurs")]);
    private static readonly Group Administration = new("Beheer",
        [new("/beheer/gebruikers", "Gebruikers"), new("/beheer/rondes", "Rondes"), new("/beheer/aangewezen-dagen", "Aangewezen dagen")]);
    // The logout button closes this group in the layout: it is a form, not a link.
    private static readonly Group General = new("Algemeen", [new("/plafond", "Plafond"), new("/wachtwoord", "Wachtwoord")]);
    private static readonly Group Anonymous = new(null, [new("/plafond", "Plafond"), new(AccountController.LoginPath, "Inloggen")]);

    public static IReadOnlyList<Group> For(CurrentUser? user) => user?.Role switch
    {
        null => [Anonymous],
        Roles.Behandelaar or Roles.Accordeerder => [Casework, Programme, General],
        Roles.Programmamanager => [Programme, General],
        Roles.Invuller or Roles.Tekenbevoegde => [Municipality, General],
        Roles.Beheerder => [Administration, General],
        _ => [General],
    };

    /// <summary>
    /// The aria-current value of an item: "page" on its own page, "true" on a page below it (a case under the queue),
    /// provided no other item lies closer to the path.
    /// </summary>
    public static string? AriaCurrent(IReadOnlyList<Group> menu, Item item, string path)
    {
        if (string.Equals(item.Href, path, StringComparison.OrdinalIgnoreCase)) return "page";
        var closest = menu.SelectMany(g => g.Items).Where(i => IsBelow(path, i.Href)).MaxBy(i => i.Href.Length);
        return closest == item ? "true" : null;
    }

    private static bool IsBelow(string path, string href) =>
        path.StartsWith(href + "/", StringComparison.OrdinalIgnoreCase) || string.Equals(path, href, StringComparison.OrdinalIgnoreCase);
}
