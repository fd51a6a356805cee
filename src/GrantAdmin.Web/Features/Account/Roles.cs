using System.Security.Claims;

namespace GrantAdmin.Web.Features.Account;

/// <summary>The roles of domain.md §5. Attribute arguments combine them, so they are constants.</summary>
public static class Roles
{
    public const string Invuller = nameof(Invuller);
    public const string Tekenbevoegde = nameof(Tekenbevoegde);
    public const string Behandelaar = nameof(Behandelaar);
    public const string Accordeerder = nameof(Accordeerder);
    public const string Programmamanager = nameof(Programmamanager);
    public const string Beheerder = nameof(Beheerder);

    public const string Applicants = Invuller + "," + Tekenbevoegde;
    public const string GrantsOffice = Behandelaar + "," + Accordeerder;

    public static readonly IReadOnlyList<string> All = [Invuller, Tekenbevoegde, Behandelaar, Accordeerder, Programmamanager, Beheerder];
    public static bool IsApplicant(string role) => role is Invuller or Tekenbevoegde;

    /// <summary>Where a role's own work starts: the page a user lands on after signing in.</summary>
    public static string LandingPage(string role) => role switch
    {
        Behandelaar or Accordeerder => "/behandeling",
        Invuller or Tekenbevoegde => "/aanvragen",
        Programmamanager => "/programma",
        Beheerder => "/beheer/gebruikers",
        _ => "/",
    };

    public static string Describe(string role) => role switch
    {
        Invuller => "Invuller (gemeente): vult aanvragen in",
        Tekenbevoegde => "Tekenbevoegde (gemeente): dient in, trekt in, ontvangt besluiten",
        Behandelaar => "Behandelaar (uitvoeringsorganisatie)",
        Accordeerder => "Accordeerder (tweede beoordelaar)",
        Programmamanager => "Programmamanager (Koploperprogramma)",
        Beheerder => "Beheerder (rondes, gebruikers, referentiegegevens)",
        _ => role,
    };
}

public static class ClaimNames
{
    public const string MunicipalityId = "grantadmin:municipality_id";
    public const string MunicipalityName = "grantadmin:municipality_name";
}

/// <summary>Who is acting, read from the signed-in principal.</summary>
public sealed record CurrentUser(int Id, string Name, string Role, int? MunicipalityId, string? MunicipalityName)
{
    public bool IsApplicant => Roles.IsApplicant(Role);

    public static CurrentUser From(ClaimsPrincipal principal)
    {
        var id = int.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("Not signed in."));
        var municipality = principal.FindFirstValue(ClaimNames.MunicipalityId);
        return new CurrentUser(id, principal.Identity?.Name ?? "", principal.FindFirstValue(ClaimTypes.Role) ?? "",
            municipality is null ? null : int.Parse(municipality), principal.FindFirstValue(ClaimNames.MunicipalityName));
    }

    /// <summary>The gemeente an applicant acts for; a grants-office user has none.</summary>
    public int RequireMunicipality() =>
        MunicipalityId ?? throw new InvalidOperationException("This user does not act for a gemeente.");
}
