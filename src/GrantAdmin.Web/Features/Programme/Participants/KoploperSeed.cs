using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using GrantAdmin.Web.Features.Programme.Cohorts;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Participants;

/// <summary>
/// The known Koploper participants of koplopers.csv, loaded with the reference data in every environment. Nothing
/// is invented: a lichting is only set where the file says it (or says it is inferred), otherwise it stays
/// "onbekend" with the file's own words kept in cohort_note, and the source text is kept as it is.
/// <list type="bullet">
/// <item>Rows that share a region name (Oosterschelderegio) form one Regio participant with those gemeenten.</item>
/// <item>A row naming a region itself (Regio Twente) is a Regio whose gemeenten the source does not name.</item>
/// <item>A region column in parentheses or with a remark ("joined jointly (…)") is a note, not a region.</item>
/// <item>"UNVERIFIED" sources are marked is_unverified.</item>
/// </list>
/// Only participants missing by seed key are added: once loaded, a participant belongs to the programmamanager.
/// </summary>
public static partial class KoploperSeed
{
    public const string KeyPrefix = "koplopers.csv:";

    public sealed record Planned(string SeedKey, string Kind, string Name, string? CohortKey, DateOnly? StartsOn,
        string CohortNote, string Source, bool MembersUnknown, bool IsUnverified, IReadOnlyList<string> Members);

    /// <summary>What the file says, as participants (pure: no database).</summary>
    public static IReadOnlyList<Planned> Plan(IReadOnlyList<Dictionary<string, string>> rows)
    {
        var planned = new List<Planned>();
        foreach (var group in rows.GroupBy(r => IsRegionName(r["region"]) ? r["region"] : r["name"]))
        {
            var first = group.First();
            var isNamedRegion = IsRegionName(first["region"]);
            var regionItself = !isNamedRegion && first["name"].StartsWith("Regio ", StringComparison.Ordinal);
            var note = string.Join("; ", group.Select(r => r["cohort_or_start"]).Distinct()
                .Concat(isNamedRegion || first["region"].Length == 0 ? [] : [first["region"]]));
            var source = string.Join(" | ", group.Select(r => r["source"]).Distinct());
            planned.Add(new Planned(
                KeyPrefix + group.Key,
                isNamedRegion || regionItself ? "Regio" : "Gemeente",
                group.Key,
                CohortKeyFor(first["cohort_or_start"]),
                KickOff(first["cohort_or_start"]),
                note,
                source,
                MembersUnknown: regionItself,
                IsUnverified: group.All(r => r["source"].StartsWith("UNVERIFIED", StringComparison.Ordinal)),
                Members: regionItself ? [] : group.Select(r => r["name"]).ToList()));
        }
        return planned;
    }

    /// <summary>"Oosterschelderegio" is a region; "" and remarks such as "joined jointly (…)" or "Regio Twente (…)" are not.</summary>
    private static bool IsRegionName(string region) => region.Length > 0 && !region.Contains('(', StringComparison.Ordinal);

    /// <summary>
    /// The lichting the file gives: "cohort 2 inferred" → lichting 2; a start in 2021 → the last intake (February
    /// 2021). Anything else ("cohort 1 or 2", "unknown") stays onbekend.
    /// </summary>
    public static string? CohortKeyFor(string cohortOrStart)
    {
        if (cohortOrStart.Contains("cohort 2 inferred", StringComparison.Ordinal)) return CohortSeed.Second;
        if (cohortOrStart.StartsWith("2021", StringComparison.Ordinal)) return CohortSeed.Fifth;
        return null;
    }

    private static DateOnly? KickOff(string cohortOrStart) =>
        KickOffPattern().Match(cohortOrStart) is { Success: true } m
            ? DateOnly.ParseExact(m.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"kick-off (\d{4}-\d{2}-\d{2})")]
    private static partial Regex KickOffPattern();

    internal const string MunicipalityByNameSql = "SELECT id FROM municipalities WHERE name = @name";

    public static async Task LoadAsync(DbTransaction tx, SqlDialect dialect, IReadOnlyList<Dictionary<string, string>> rows,
        DateTime now, CancellationToken ct)
    {
        foreach (var p in Plan(rows))
        {
            if (await ParticipantRows.SeededAsync(tx, p.SeedKey, ct)) continue;
            var cohortId = p.CohortKey is null ? null : await CohortSeed.IdAsync(tx, p.CohortKey, ct);
            var members = new List<int>();
            foreach (var name in p.Members)
                members.Add(await tx.QuerySingleOrDefaultAsync<int?>(MunicipalityByNameSql, new { name }, ct)
                    ?? throw new InvalidOperationException($"koplopers.csv names '{name}', which is no gemeente of the lists."));
            await ParticipantRows.InsertAsync(tx, dialect, new ParticipantRows.NewParticipant(cohortId, p.Kind, p.Name, p.StartsOn, null,
                null, null, p.CohortNote, p.Source, IsDemo: false, p.MembersUnknown, p.IsUnverified, p.SeedKey), members, now, ct);
        }
    }
}
