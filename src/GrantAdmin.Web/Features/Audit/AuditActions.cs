using System.Collections.Frozen;
using GrantAdmin.Web.Features.Applications;

namespace GrantAdmin.Web.Features.Audit;

/// <summary>
/// Every audit action code in plain Dutch, for people reading a history. The codes themselves stay as they are in
/// audit_log and its CSV export: they are the stable keys an auditor filters on.
/// </summary>
public static class AuditActions
{
    public const string StateChanged = "StatusGewijzigd";

    public static readonly FrozenDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["AanvraagIngediend"] = "Aanvraag ingediend",
        ["AanvraagIngetrokken"] = "Aanvraag ingetrokken",
        ["AanvraagOpgepakt"] = "Aanvraag opgepakt",
        ["AanvraagToegewezen"] = "Aanvraag toegewezen",
        ["AanvraagTeruggegeven"] = "Aanvraag teruggegeven aan de werkvoorraad",
        ["AanvullingIngediend"] = "Aanvulling ingediend",
        ["AanvullingTeLaatIngediend"] = "Aanvulling na de termijn ingediend",
        ["AanvultermijnVerstreken"] = "Termijn voor aanvulling verstreken",
        ["AanvulverzoekVerstuurd"] = "Aanvulverzoek verstuurd",
        ["AanwijzingVerwijderd"] = "Aangewezen dag verwijderd",
        ["ActiviteitGewijzigd"] = "Activiteit gewijzigd",
        ["ActiviteitToegevoegd"] = "Activiteit toegevoegd",
        ["AmbassadeurAangesteld"] = "Ambassadeur aangesteld",
        ["AmbassadeurContactVastgelegd"] = "Contact van ambassadeur vastgelegd",
        ["AmbassadeurDatumGewijzigd"] = "Startdatum van ambassadeur gewijzigd",
        ["AmbassadeurDoelToegevoegd"] = "Gemeente toegevoegd aan ambassadeur",
        ["AmbassadeurDoelVerwijderd"] = "Gemeente verwijderd bij ambassadeur",
        ["AuditlogGeexporteerd"] = "Auditlog geëxporteerd",
        ["BeoordeeldVolledig"] = "Beoordeeld als volledig",
        ["BeslistermijnVerdaagd"] = "Beslistermijn verdaagd",
        ["BesluitGeaccordeerd"] = "Besluit geaccordeerd",
        ["BesluitTeruggestuurd"] = "Besluit teruggestuurd naar de voorbereider",
        ["BesluitVerzonden"] = "Besluit verzonden",
        ["BesluitVoorbereid"] = "Besluit voorbereid",
        ["BestedingGecorrigeerd"] = "Besteding gecorrigeerd",
        ["BestedingVastgelegd"] = "Besteding vastgelegd",
        ["BetaalopdrachtenGeexporteerd"] = "Betaalopdrachten geëxporteerd",
        ["BetaalpercentageGewijzigd"] = "Betaalpercentage gewijzigd",
        ["BezwaarBeslist"] = "Op bezwaar beslist",
        ["BezwaarGeregistreerd"] = "Bezwaar geregistreerd",
        ["BezwaarVerschoonbaarheid"] = "Verschoonbaarheid van te laat bezwaar beoordeeld",
        ["BezwaartermijnVerdaagd"] = "Beslistermijn op bezwaar verdaagd",
        ["BriefVastgelegd"] = "Brief vastgelegd",
        ["BudgetToegekend"] = "Budget toegekend",
        ["ChecklistGemeten"] = "Checklist gemeten",
        ["ConceptGestart"] = "Concept gestart",
        ["ConceptOpgeslagen"] = "Concept opgeslagen",
        ["ContactgegevensVerwijderd"] = "Contactgegevens verwijderd na de bewaartermijn",
        ["DagAangewezen"] = "Dag aangewezen",
        ["DeelnemerBeeindigd"] = "Deelname beëindigd",
        ["DeelnemerGewijzigd"] = "Deelnemer gewijzigd",
        ["DeelnemerToegevoegd"] = "Deelnemer toegevoegd",
        ["EmailNietVerzonden"] = "E-mail kon niet worden verzonden",
        ["EmailVerzonden"] = "E-mail verzonden",
        ["ExterneInlogGekoppeld"] = "Inlog via eHerkenning of andere inlogdienst gekoppeld",
        ["ExterneInlogOntkoppeld"] = "Koppeling van inlog via eHerkenning of andere inlogdienst verwijderd",
        ["GebruikerAangemaakt"] = "Gebruiker aangemaakt",
        ["GebruikerGedeactiveerd"] = "Gebruiker gedeactiveerd",
        ["Ingelogd"] = "Ingelogd",
        ["InloggenGeblokkeerd"] = "Inloggen geblokkeerd",
        ["LichtingGewijzigd"] = "Lichting gewijzigd",
        ["LichtingToegevoegd"] = "Lichting toegevoegd",
        ["LotingzaadVastgelegd"] = "Startgetal voor de loting vastgelegd",
        ["MijlpaalGewijzigd"] = "Mijlpaal gewijzigd",
        ["MijlpaalToegevoegd"] = "Mijlpaal toegevoegd",
        ["OpenDataGeexporteerd"] = "Open data geëxporteerd",
        ["ProgrammaGeexporteerd"] = "Programmagegevens geëxporteerd",
        ["ProjectplanToegevoegd"] = "Projectplan toegevoegd",
        ["SessiesBeeindigd"] = "Sessies beëindigd",
        ["StatusGewijzigd"] = "Status gewijzigd",
        ["TeLateAanvullingAanvaard"] = "Aanvulling na de termijn aanvaard",
        ["TeLateAanvullingBeleidGewijzigd"] = "Regel voor aanvullen na de termijn gewijzigd",
        ["UitgaveGeboekt"] = "Uitgave geboekt",
        ["VaststellingGeaccordeerd"] = "Vaststelling geaccordeerd",
        ["VaststellingTeruggestuurd"] = "Vaststelling teruggestuurd naar de voorbereider",
        ["VaststellingVoorbereid"] = "Vaststelling voorbereid",
        ["VerzendrondeAfgerond"] = "Verzendronde afgerond",
        ["VerzendrondeGestart"] = "Verzendronde gestart",
        ["VoortgangThemaOpgeslagen"] = "Voortgang op een thema opgeslagen",
        ["WachtwoordGewijzigd"] = "Wachtwoord gewijzigd",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The Dutch sentence for an audit row; a state change names both states. An unknown code shows as itself.</summary>
    public static string Describe(string action, string? before, string? after) =>
        action == StateChanged && after is not null
            ? before is null ? $"Status gezet op {StateLabel(after)}" : $"Status gewijzigd van {StateLabel(before)} naar {StateLabel(after)}"
            : Labels.GetValueOrDefault(action, action);

    private static string StateLabel(string code) =>
        Enum.TryParse<ApplicationState>(code, out var state) ? StateMachine.Label(state) : code;
}
