using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Exports;

/// <summary>
/// The granted uitkeringen as open data in the shape of the 360Giving Data Standard (a package with <c>grants</c>; each
/// grant has id, title, description, currency, amountAwarded, awardDate, recipientOrganization and fundingOrganization).
/// The test suite validates the output against the published package schema (tests: Fixtures/360giving).
/// </summary>
/// <remarks>
/// Identifiers: a grant is <c>360G-VWS-{kenmerk}</c> (360Giving's advice: the publisher's 360G prefix plus its own
/// reference). A gemeente is <c>NL-CBS-{GMxxxx}</c>, the org-id pattern (country, list, identifier) over the CBS gemeente
/// code; no registered org-id list holds Dutch gemeenten, so this is org-id <em>style</em>. The ministry has no identifier
/// in our data yet: <see cref="FunderId"/> is a 360G-style placeholder to replace with its registered one (e.g. its OIN).
/// </remarks>
public static class OpenGrantsExport
{
    public const string GrantIdPrefix = "360G-VWS-";
    public const string FunderId = "360G-VWS";
    public const string FunderName = "Ministerie van Volksgezondheid, Welzijn en Sport";
    public const string ContentType = "application/json";

    public sealed record GrantRow(string Kenmerk, string CbsCode, string Municipality, string RoundCode, string RoundName, long GrantedCents,
        long? RequestedCents, bool ProjectLeader, bool Research, DateOnly AwardDate, DateOnly? ProjectStart, DateOnly? ProjectEnd);

    public sealed record Organization(string Id, string Name);

    public sealed record Programme(string Code, string Title);

    public sealed record Grant(string Id, string Title, string Description, string Currency, decimal AmountAwarded, string AwardDate,
        IReadOnlyList<Organization> RecipientOrganization, IReadOnlyList<Organization> FundingOrganization, IReadOnlyList<Programme> GrantProgramme,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? AmountAppliedFor);

    public sealed record Package(string Title, string Issued, string License, IReadOnlyList<Grant> Grants);

    /// <summary>The approved verlening of each granted application (one per application: its latest approved verlening).</summary>
    internal const string GrantsSql = """
        SELECT a.kenmerk, m.cbs_code AS CbsCode, m.name AS Municipality, r.code AS RoundCode, r.name AS RoundName,
               a.granted_cents AS GrantedCents, a.requested_cents AS RequestedCents, a.activity_project_leader AS ProjectLeader,
               a.activity_research AS Research, d.sent_on AS AwardDate, a.project_start AS ProjectStart, a.project_end AS ProjectEnd
        FROM applications a
             JOIN municipalities m ON m.id = a.municipality_id
             JOIN rounds r ON r.id = a.round_id
             JOIN decisions d ON d.application_id = a.id AND d.kind = 'Verlening' AND d.status = 'Goedgekeurd'
        WHERE a.state IN ('Verleend', 'Vastgesteld') AND a.granted_cents IS NOT NULL AND d.sent_on IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM decisions d2 WHERE d2.application_id = a.id AND d2.kind = 'Verlening'
                          AND d2.status = 'Goedgekeurd' AND d2.id > d.id)
        ORDER BY d.sent_on, a.kenmerk
        """;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keeps Fryslân and 's-Gravenhage readable; the file is no HTML
    };

    public static Grant ToGrant(GrantRow row)
    {
        var activities = (row.ProjectLeader, row.Research) switch
        {
            (true, true) => "een projectleider en onderzoek",
            (true, false) => "een projectleider",
            (false, true) => "onderzoek",
            _ => "activiteiten",
        };
        var period = row.ProjectStart is { } start && row.ProjectEnd is { } end
            ? $" van {Amsterdam.FormatDate(start)} tot en met {Amsterdam.FormatDate(end)}" : "";
        return new Grant(
            GrantIdPrefix + row.Kenmerk,
            $"Versterking cliëntondersteuning gemeente {row.Municipality}",
            $"Specifieke uitkering versterking cliëntondersteuning ({row.RoundName}, kenmerk {row.Kenmerk}) aan de gemeente {row.Municipality} voor {activities}{period}, ter versterking van de onafhankelijke cliëntondersteuning (Wmo 2015).",
            "EUR",
            row.GrantedCents / 100m,
            row.AwardDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [new Organization("NL-CBS-" + row.CbsCode, "Gemeente " + row.Municipality)],
            [new Organization(FunderId, FunderName)],
            [new Programme(row.RoundCode, row.RoundName)],
            row.RequestedCents is { } requested ? requested / 100m : null);
    }

    /// <summary>
    /// The package's moment of issue as a full date-time with the Amsterdam offset: the package schema accepts a date-time
    /// or a plain date through <c>oneOf</c>, and a plain date would satisfy both branches (validators read it as a date-time too).
    /// </summary>
    public static string IssuedAt(DateTimeOffset now) =>
        TimeZoneInfo.ConvertTime(now, Amsterdam.Zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static byte[] Serialize(IEnumerable<GrantRow> rows, string issued) =>
        JsonSerializer.SerializeToUtf8Bytes(new Package(
            "Verleende specifieke uitkeringen versterking cliëntondersteuning",
            issued,
            "https://creativecommons.org/publicdomain/zero/1.0/",
            rows.Select(ToGrant).ToList()), Json);

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<ProgrammeExports.File> ExportAsync(CurrentUser user, CancellationToken ct)
        {
            var rows = await db.QueryAsync<GrantRow>(GrantsSql, null, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var fileName = $"uitkeringen-360giving-{Amsterdam.ToLocal(now):yyyyMMdd-HHmm}.json";
            var content = Serialize(rows, IssuedAt(clock.GetUtcNow()));
            await ProgrammeExports.AuditAsync(db, user, now, "OpenDataGeexporteerd", $"{fileName}: {rows.Count} verleningen", ct);
            return new ProgrammeExports.File(fileName, ContentType, content);
        }
    }
}
