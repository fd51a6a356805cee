using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualBasic.FileIO;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.ReferenceData;

/// <summary>
/// Loads the CBS gemeente lists (2022, 2023), their veiligheidsregio and population, and the rounds of
/// domain.md §1, the mergers, and the Koploper lichtingen and known participants (koplopers.csv), from the CSV
/// files embedded from ReferenceData/, and the Atw art. 3(3) days (aangewezen-dagen.csv). Idempotent. A start loads only
/// when the shipped fingerprint differs from the one the last load stored (<see cref="LoadIfChangedAsync"/>).
/// </summary>
public sealed class ReferenceDataLoader(Db db, TimeProvider clock)
{
    internal const string UpdateMunicipalitySql = """
        UPDATE municipalities
        SET name = @name, province = @province, safety_region_code = @regionCode, safety_region_name = @regionName, population = @population
        WHERE cbs_code = @code
        """;

    internal const string InsertMunicipalitySql = """
        INSERT INTO municipalities (cbs_code, name, province, safety_region_code, safety_region_name, population)
        VALUES (@code, @name, @province, @regionCode, @regionName, @population)
        """;

    internal const string InsertListEntrySql = """
        INSERT INTO municipality_lists (list_year, municipality_id)
        SELECT @year, m.id FROM municipalities m
        WHERE m.cbs_code = @code
          AND NOT EXISTS (SELECT 1 FROM municipality_lists l WHERE l.list_year = @year AND l.municipality_id = m.id)
        """;

    internal const string UpdateDesignatedDaySql = "UPDATE designated_days SET description = @description WHERE day = @day";

    internal const string InsertChecklistItemSql = """
        INSERT INTO checklist_items (round_id, code, label, position)
        SELECT r.id, @code, @label, @position FROM rounds r
        WHERE NOT EXISTS (SELECT 1 FROM checklist_items c WHERE c.round_id = r.id AND c.code = @code)
        """;

    /// <summary>
    /// The completeness checklist every round starts with (domain.md: statements, activities, plan, amount and split, bank account,
    /// signatory). The label is the criterion the reviewer ticks; Missing is how the gemeente reads an item that is not met.
    /// </summary>
    public static readonly IReadOnlyList<(string Code, string Label, string Missing)> DefaultChecklist =
    [
        ("verklaringen", "De verklaringen van het college zijn afgegeven", "Niet alle verklaringen van het college zijn afgegeven"),
        ("activiteiten", "De activiteiten vallen onder artikel 3: een projectleider en/of onderzoek", "Uit de aanvraag blijkt niet dat de activiteiten onder artikel 3 vallen (een projectleider en/of onderzoek)"),
        ("projectplan", "Het projectplan is bijgevoegd en beschrijft de activiteiten", "Het projectplan ontbreekt of beschrijft de activiteiten niet"),
        ("bedrag", "Het bedrag (hoogstens het maximum) en de begroting kloppen", "Het bedrag (hoogstens het maximum) of de begroting klopt niet"),
        ("bankrekening", "Het IBAN staat op naam van de gemeente", "Het IBAN staat niet op naam van de gemeente"),
        ("ondertekening", "De aanvraag is ingediend door een tekenbevoegde", "De aanvraag is niet ingediend door een tekenbevoegde"),
    ];

    /// <summary>What an unmet checklist item means for the gemeente; an item of no known code says plainly that it is not in order.</summary>
    public static string MissingWording(string code, string label) =>
        DefaultChecklist.FirstOrDefault(c => c.Code == code).Missing ?? $"Niet in orde: {label}";

    /// <summary>Gives every round that lacks them the default checklist items (rounds added later included).</summary>
    public static async Task EnsureChecklistsAsync(System.Data.Common.DbTransaction tx, CancellationToken ct)
    {
        foreach (var (item, position) in DefaultChecklist.Select((x, i) => (x, i + 1)))
            await tx.ExecuteAsync(InsertChecklistItemSql, new { code = item.Code, label = item.Label, position }, ct);
    }

    // A dissolved gemeente of the 2022 list points at the one it merged into; the mergers of 1 Jan 2022 (Boxmeer,
    // Uden, …) are in neither list, so their rows of the file find no gemeente to mark.
    internal const string MarkMergedSql = """
        UPDATE municipalities SET merged_into_id = (SELECT n.id FROM municipalities n WHERE n.cbs_code = @newCode)
        WHERE cbs_code = @oldCode
        """;

    // A round once loaded belongs to the beheerder: only missing rounds are added.
    internal const string InsertRoundSql = """
        INSERT INTO rounds (code, name, kenmerk_prefix, opens_on, closes_on, ceiling_cents, max_per_applicant_cents,
            one_grant_per_applicant, remainder_policy, tie_policy, municipality_list_year, activities_from, activities_until,
            decision_term_weeks, completion_term_days, rule_version, is_demo)
        SELECT @code, @name, @kenmerkPrefix, @opensOn, @closesOn, @ceilingCents, @maxCents, @oneGrant, @remainderPolicy,
            @tiePolicy, @listYear, @activitiesFrom, @activitiesUntil, @decisionTermWeeks, @completionTermDays, @ruleVersion, 0
        WHERE NOT EXISTS (SELECT 1 FROM rounds WHERE code = @code)
        """;

    internal const string StoredFingerprintSql = "SELECT fingerprint FROM reference_data_state WHERE id = 1";
    internal const string ForgetFingerprintSql = "DELETE FROM reference_data_state";
    internal const string StoreFingerprintSql = "INSERT INTO reference_data_state (id, fingerprint) VALUES (1, @fingerprint)";

    private const string ResourcePrefix = "GrantAdmin.ReferenceData.";

    /// <summary>
    /// The shipped files and the code that loads them: the assembly's module id, which a deterministic build gives the same
    /// compiled code, so a restart of one build skips the load and a new version (new code or files) loads once.
    /// </summary>
    public static string ShippedFingerprint { get; } = Fingerprint(typeof(ReferenceDataLoader).Assembly.ManifestModule.ModuleVersionId,
        typeof(ReferenceDataLoader).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => (n, ReadResource(n))));

    /// <summary>SHA-256 over the code's id and each file's name and content, in name order (lengths first, so no two lists collide).</summary>
    internal static string Fingerprint(Guid code, IEnumerable<(string Name, byte[] Content)> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(code.ToByteArray());
        foreach (var (name, content) in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            hash.AppendData(BitConverter.GetBytes(nameBytes.Length));
            hash.AppendData(nameBytes);
            hash.AppendData(BitConverter.GetBytes(content.Length));
            hash.AppendData(content);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static byte[] ReadResource(string name)
    {
        using var stream = typeof(ReferenceDataLoader).Assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static IReadOnlyList<Dictionary<string, string>> ReadCsv(string fileName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"Reference file {fileName} is not embedded.");
        // The framework's RFC 4180 reader: quoted fields such as "Nuenen, Gerwen en Nederwetten" stay whole.
        using var parser = new TextFieldParser(stream, System.Text.Encoding.UTF8) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields()!;
        var rows = new List<Dictionary<string, string>>();
        while (parser.ReadFields() is { } fields)
            rows.Add(header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => fields[x.i]));
        return rows;
    }

    /// <summary>
    /// At a start: loads when the stored fingerprint is not the shipped one. The load rewrote every gemeente and list row at
    /// each start (seconds on a loaded machine, issue 16), although it changes only with a new version.
    /// </summary>
    public async Task<bool> LoadIfChangedAsync(CancellationToken ct = default)
    {
        if (await db.QuerySingleOrDefaultAsync<string>(StoredFingerprintSql, null, ct) == ShippedFingerprint) return false;
        await LoadAsync(ct);
        return true;
    }

    /// <summary>Loads everything, whatever is stored, and stores the shipped fingerprint with it.</summary>
    public async Task LoadAsync(CancellationToken ct = default)
    {
        var list2023 = ReadCsv("gemeenten-2023.csv");
        var list2022 = ReadCsv("gemeenten-2022.csv");
        var regions = ReadCsv("veiligheidsregio-2023.csv").ToDictionary(r => r["code"]);
        var population = ReadCsv("bevolking-2022-op-indeling-2023.csv").ToDictionary(r => r["code"], r => int.Parse(r["population"], CultureInfo.InvariantCulture));
        // A gemeente dissolved before 2023 lies in the veiligheidsregio of the gemeente it merged into.
        var mergedInto = ReadCsv("gemeente-wijzigingen-2022-2023.csv").ToDictionary(r => r["old_code"], r => r["new_code"]);

        var all = list2023.Concat(list2022).DistinctBy(r => r["code"]).ToList();
        var newDesignatedDays = await db.WriteAsync(async w =>
        {
            foreach (var row in all)
            {
                var code = row["code"];
                var regionKey = regions.ContainsKey(code) ? code : mergedInto.GetValueOrDefault(code);
                var region = regionKey is null ? null : regions.GetValueOrDefault(regionKey);
                var parameters = new
                {
                    code, name = row["name"], province = row["province"],
                    regionCode = region?["region_code"], regionName = region?["region_name"],
                    population = population.TryGetValue(code, out var p) ? p : (int?)null,
                };
                if (await w.Tx.ExecuteAsync(UpdateMunicipalitySql, parameters, ct) == 0)
                    await w.Tx.ExecuteAsync(InsertMunicipalitySql, parameters, ct);
            }
            foreach (var (year, list) in new[] { (2022, list2022), (2023, list2023) })
                foreach (var row in list)
                    await w.Tx.ExecuteAsync(InsertListEntrySql, new { year, code = row["code"] }, ct);

            foreach (var (oldCode, newCode) in mergedInto)
                await w.Tx.ExecuteAsync(MarkMergedSql, new { oldCode, newCode }, ct);
            // The Koploper programme: its lichtingen and the known participants of koplopers.csv; is_koploper follows membership.
            await Programme.Cohorts.CohortSeed.LoadAsync(w.Tx, ct);
            await Programme.Participants.KoploperSeed.LoadAsync(w.Tx, db.Dialect, ReadCsv("koplopers.csv"),
                clock.GetUtcNow().UtcDateTime, ct);
            await Programme.Participants.ParticipantRows.SyncKoploperAsync(w.Tx, ct);
            foreach (var round in ReadCsv("rounds.csv"))
                await w.Tx.ExecuteAsync(InsertRoundSql, RoundParameters(round), ct);
            await EnsureChecklistsAsync(w.Tx, ct);
            // Atw art. 3(3): the shipped days carry their decree; a row an older version seeded takes the decree's title.
            var inserted = 0;
            foreach (var shipped in Deadlines.DesignatedDays.ShippedDays)
            {
                var parameters = new { day = shipped.Day, description = shipped.Decree };
                if (await w.Tx.ExecuteAsync(UpdateDesignatedDaySql, parameters, ct) == 0)
                    inserted += await w.Tx.ExecuteAsync(Deadlines.DesignatedDays.InsertSql, parameters, ct);
            }
            await w.Tx.ExecuteAsync(ForgetFingerprintSql, null, ct);
            await w.Tx.ExecuteAsync(StoreFingerprintSql, new { fingerprint = ShippedFingerprint }, ct);
            return inserted;
        }, ct);
        if (newDesignatedDays > 0) await Cases.DecisionClock.RefreshUndecidedAsync(db, ct);
    }

    private static object RoundParameters(Dictionary<string, string> r) => new
    {
        code = r["code"], name = r["name"], kenmerkPrefix = r["kenmerk_prefix"],
        opensOn = DateOnly.Parse(r["opens_on"], CultureInfo.InvariantCulture),
        closesOn = DateOnly.Parse(r["closes_on"], CultureInfo.InvariantCulture),
        ceilingCents = long.Parse(r["ceiling_euros"], CultureInfo.InvariantCulture) * 100,
        maxCents = long.Parse(r["max_per_applicant_euros"], CultureInfo.InvariantCulture) * 100,
        oneGrant = bool.Parse(r["one_grant_per_applicant"]),
        remainderPolicy = r["remainder_policy"], tiePolicy = r["tie_policy"],
        listYear = int.Parse(r["municipality_list_year"], CultureInfo.InvariantCulture),
        activitiesFrom = DateOnly.Parse(r["activities_from"], CultureInfo.InvariantCulture),
        activitiesUntil = DateOnly.Parse(r["activities_until"], CultureInfo.InvariantCulture),
        decisionTermWeeks = int.Parse(r["decision_term_weeks"], CultureInfo.InvariantCulture),
        completionTermDays = int.Parse(r["completion_term_days"], CultureInfo.InvariantCulture),
        ruleVersion = r["rule_version"],
    };
}
