using System.Text.Json;
using System.Text.Json.Serialization;

namespace GrantAdmin.Web.Features.Ranking;

/// <summary>
/// A round's ranking ledger as open data (format version 1, described by grootboek-v1.schema.json): the round's rules,
/// every position-changing event with its place in the hash chain, the outcome the app holds, and the daily anchors.
/// Nothing about people: gemeenten are public bodies, and the events carry no user, name, e-mail or remark.
/// </summary>
public sealed record PublishedLedger(
    int FormatVersion,
    [property: JsonPropertyName("$schema")] string Schema,
    string PublishedAtUtc,
    PublishedLedger.RoundRules Round,
    IReadOnlyList<PublishedLedger.Event> Events,
    string HeadHash,
    IReadOnlyList<PublishedLedger.Placement> Outcome,
    IReadOnlyList<PublishedLedger.Anchor> Anchors)
{
    public const int CurrentVersion = 1;
    public const string SchemaFileName = "grootboek-v1.schema.json";

    /// <param name="LotterySeed">Secret while the round is open (only its hash is public), published once it has closed.</param>
    public sealed record RoundRules(int Id, string Code, string Name, string OpensOn, string ClosesOn, long CeilingCents, long MaxPerApplicantCents,
        string RemainderPolicy, string TiePolicy, string? LotterySeedHash, string? LotterySeed, string RuleVersion)
    {
        [JsonIgnore]
        public RoundPolicy Policy => new(CeilingCents, Enum.Parse<RemainderPolicy>(RemainderPolicy), Enum.Parse<TiePolicy>(TiePolicy), LotterySeed);
    }

    /// <param name="Sequence">1, 2, 3… in the order of the chain.</param>
    public sealed record Event(int Sequence, int ApplicationId, int KenmerkNumber, string Kenmerk, string Municipality, string CbsCode,
        string Name, string MomentUtc, string MomentAmsterdam, long AmountCents, string PreviousHash, string Hash)
    {
        /// <summary>The ledger row this event states, numbered by its place in the file (not by what it claims).</summary>
        public LedgerEntry ToEntry(int place) => new(place, ApplicationId, KenmerkNumber, Enum.Parse<LedgerEvent>(Name), Ledger.ParseMoment(MomentUtc),
            AmountCents, PreviousHash, Hash);
    }

    /// <summary>An application's position and money as the app holds it when the file is made.</summary>
    public sealed record Placement(int KenmerkNumber, string Kenmerk, int Position, bool Provisional, string Allocation, long ReservedCents);

    /// <summary>The last hash of an Amsterdam day. <paramref name="Closed"/> is false for the running day, whose last hash can still move on.</summary>
    public sealed record Anchor(string Day, string Hash, int Sequence, bool Closed);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The JSON Schema of this format, as published beside the files.</summary>
    public static string SchemaText()
    {
        using var stream = typeof(PublishedLedger).Assembly.GetManifestResourceStream(SchemaFileName)
            ?? throw new InvalidOperationException($"{SchemaFileName} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
