using GrantAdmin.Web.Features.Programme.Ambassadors;
using GrantAdmin.Web.Features.ReferenceData;

namespace GrantAdmin.Tests.Features.Programme.Ambassadors;

/// <summary>The default targets against the real veiligheidsregio and koploper data, and the Dutch messages of the rules.</summary>
public sealed class AmbassadorRulesTests
{
    private static readonly string[] Oosterschelderegio = ["Borsele", "Goes", "Kapelle", "Noord-Beveland", "Reimerswaal", "Schouwen-Duiveland", "Tholen"];

    /// <summary>The 342 gemeenten of 2023 with their veiligheidsregio, koploper as koplopers.csv says.</summary>
    private static readonly IReadOnlyList<Gemeente> Gemeenten = LoadGemeenten();

    private static IReadOnlyList<Gemeente> LoadGemeenten()
    {
        var koplopers = ReferenceDataLoader.ReadCsv("koplopers.csv").Select(r => r["name"]).ToHashSet();
        return ReferenceDataLoader.ReadCsv("veiligheidsregio-2023.csv").Select((r, i) =>
            new Gemeente(i + 1, r["code"], r["name"], r["region_code"], r["region_name"], koplopers.Contains(r["name"]), IsCurrent: true)).ToList();
    }

    private static Gemeente Named(string name) => Gemeenten.Single(g => g.Name == name);

    [Fact]
    public void OosterschelderegioInVrZeeland_SuggestsTheZeeuwseGemeentenThatAreNoKoploper()
    {
        var suggested = AmbassadorRules.SuggestTargets(Oosterschelderegio.Select(Named), Gemeenten);

        // VR19 Zeeland has 13 gemeenten: the 7 members, Middelburg and Veere (koplopers themselves), and these four.
        Assert.Equal(["Hulst", "Sluis", "Terneuzen", "Vlissingen"], suggested.Select(g => g.Name));
        Assert.All(suggested, g => Assert.Equal("VR19", g.RegionCode));
    }

    [Fact]
    public void SingleKoploperGemeente_SuggestsTheRestOfItsRegionButNotOtherKoplopers()
    {
        var suggested = AmbassadorRules.SuggestTargets([Named("Vlissingen")], Gemeenten).Select(g => g.Name).ToList();

        Assert.Equal(["Hulst", "Sluis", "Terneuzen"], suggested);
    }

    [Fact]
    public void MembersInTwoRegions_SuggestFromBoth()
    {
        var suggested = AmbassadorRules.SuggestTargets([Named("Hulst"), Named("Eemnes")], Gemeenten);

        Assert.Contains(suggested, g => g.Name == "Sluis");
        Assert.Contains(suggested, g => g.Name == "Utrecht");
        Assert.DoesNotContain(suggested, g => g.Name is "Woerden" or "Stichtse Vecht" or "Amersfoort"); // koplopers in VR09 Utrecht
        Assert.DoesNotContain(suggested, g => g.Name is "Hulst" or "Eemnes");
    }

    [Fact]
    public void GemeenteThatNoLongerExists_IsNotSuggested()
    {
        var voorne = new Gemeente(1, "GM1992", "Voorne aan Zee", "VR17", "Rotterdam-Rijnmond", false, true);
        var brielle = new Gemeente(2, "GM0501", "Brielle", "VR17", "Rotterdam-Rijnmond", false, IsCurrent: false);
        var rotterdam = new Gemeente(3, "GM0599", "Rotterdam", "VR17", "Rotterdam-Rijnmond", false, true);

        Assert.Equal([voorne], AmbassadorRules.SuggestTargets([rotterdam], [voorne, brielle, rotterdam]));
    }

    [Fact]
    public void MemberWithoutRegion_SuggestsNothing() =>
        Assert.Empty(AmbassadorRules.SuggestTargets([new Gemeente(1, "GM9999", "Nergens", null, null, true, true)], Gemeenten));

    [Theory]
    [InlineData("vlissingen"), InlineData("GM0718"), InlineData(" gm0718 ")]
    public void Find_ByNameOrCodeInAnyCase(string typed) => Assert.Equal("Vlissingen", AmbassadorRules.Find(typed, Gemeenten)?.Name);

    [Fact]
    public void CheckTarget_SaysWhatIsWrong()
    {
        var goes = Named("Goes");
        var hulst = Named("Hulst");
        string? Check(string? typed) => AmbassadorRules.CheckTarget("Gemeente", typed, AmbassadorRules.Find(typed, Gemeenten),
            new HashSet<int> { goes.Id }, new HashSet<int> { hulst.Id }).GetValueOrDefault("Gemeente");

        Assert.Equal("Vul de naam of CBS-code van de gemeente in.", Check(" "));
        Assert.Equal("De gemeente ‘Atlantis’ kennen we niet. Kies een bestaande gemeente uit de lijst (naam of CBS-code, zoals GM0664).", Check("Atlantis"));
        Assert.Equal("Goes is zelf lid van deze deelnemer en kan geen doelgemeente zijn.", Check("Goes"));
        Assert.Equal("Hulst is al een doelgemeente van deze ambassadeur.", Check("GM0677"));
        Assert.Null(Check("Sluis"));
    }

    [Fact]
    public void CheckContact_SaysWhatIsWrongPerField()
    {
        var today = new DateOnly(2023, 2, 1);
        var errors = AmbassadorRules.CheckContact(new(99, "2023-02-02", "Brief", " ", ""), new HashSet<int> { 1 }, null, today, out _);

        Assert.Equal("Kies een doelgemeente van deze ambassadeur.", errors["Target"]);
        Assert.Equal("De datum van het contact ligt in de toekomst. Leg alleen contacten vast die al geweest zijn.", errors["ContactedOn"]);
        Assert.Equal("Kies de vorm van het contact: overleg, telefoon, e-mail of regiobijeenkomst.", errors["Kind"]);
        Assert.Equal("Vul in wie het contact had (naam of functie).", errors["ContactedBy"]);
        Assert.Equal("Vul de uitkomst van het contact in.", errors["Outcome"]);
    }

    [Theory]
    [InlineData("", "Vul de datum van het contact in, bijvoorbeeld 14-3-2023.")]
    [InlineData("31-2-2023", "Vul de datum van het contact in, bijvoorbeeld 14-3-2023.")]
    [InlineData("2022-12-31", "De datum ligt vóór 1 januari 2023, de dag waarop de deelnemer ambassadeur werd.")]
    public void CheckContact_Date(string typed, string message)
    {
        var errors = AmbassadorRules.CheckContact(new(1, typed, "Telefoon", "Projectleider", "Afspraak gemaakt"), new HashSet<int> { 1 },
            new DateOnly(2023, 1, 1), new DateOnly(2023, 2, 1), out _);

        Assert.Equal(message, Assert.Single(errors).Value);
    }

    [Theory]
    [InlineData("2023-02-01"), InlineData("1-2-2023"), InlineData("2023-01-01")]
    public void CheckContact_OnOrAfterSinceAndNotAfterToday_IsFine(string typed) =>
        Assert.Empty(AmbassadorRules.CheckContact(new(1, typed, "E-mail", "Projectleider", "Afspraak gemaakt"), new HashSet<int> { 1 },
            new DateOnly(2023, 1, 1), new DateOnly(2023, 2, 1), out _));

    [Theory]
    [InlineData("", "Vul de datum in sinds wanneer de deelnemer ambassadeur is, bijvoorbeeld 1-9-2019.")]
    [InlineData("2023-02-02", "De datum ligt in de toekomst. Vul de datum in waarop de deelnemer ambassadeur werd.")]
    public void CheckSince(string typed, string message) =>
        Assert.Equal(message, AmbassadorRules.CheckSince("SinceOn", typed, new DateOnly(2023, 2, 1), out _)["SinceOn"]);
}
