using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using System.Globalization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Programme.Overview;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Exports;

/// <summary>
/// The programme's tables as CSV or Excel: participants (with their gemeenten), outreach contacts, and the coverage of the
/// country (the overview's rows). Each download is written to the audit log with who took it and how many rows it held,
/// also when its bytes come from the cache.
/// </summary>
public static class ProgrammeExports
{
    public enum Dataset { Deelnemers, Contacten, Dekking }

    public enum Format { Csv, Xlsx }

    public sealed record File(string FileName, string ContentType, byte[] Content);

    public sealed record ParticipantRow(int Id, string Name, string Kind, string? CohortName, bool CohortIsDemo, bool IsDemo,
        DateOnly? StartsOn, DateOnly? EndsOn, string? ContactPerson, string? ProjectLeader, string? CohortNote, bool IsAmbassador, int Targets);

    public sealed record MemberRow(int ParticipantId, string CbsCode, string Name);

    public sealed record ContactRow(DateOnly ContactedOn, string Ambassador, string CbsCode, string Gemeente, string Form, string ContactedBy,
        string Outcome, string? NextStep);

    internal const string ParticipantsSql = """
        SELECT p.id, p.name, p.kind, c.name AS CohortName, COALESCE(c.is_demo, 0) AS CohortIsDemo, p.is_demo AS IsDemo,
               p.starts_on AS StartsOn, p.ends_on AS EndsOn, p.contact_person AS ContactPerson, p.project_leader AS ProjectLeader,
               p.cohort_note AS CohortNote,
               CASE WHEN a.participant_id IS NULL THEN 0 ELSE 1 END AS IsAmbassador,
               (SELECT COUNT(*) FROM ambassador_targets t WHERE t.participant_id = p.id) AS Targets
        FROM programme_participants p
             LEFT JOIN programme_cohorts c ON c.id = p.cohort_id
             LEFT JOIN programme_ambassadors a ON a.participant_id = p.id
        ORDER BY p.name, p.id
        """;

    internal const string MembersSql = """
        SELECT pm.participant_id AS ParticipantId, m.cbs_code AS CbsCode, m.name
        FROM programme_participant_members pm JOIN municipalities m ON m.id = pm.municipality_id
        ORDER BY m.name
        """;

    internal const string ContactsSql = """
        SELECT o.contacted_on AS ContactedOn, p.name AS Ambassador, m.cbs_code AS CbsCode, m.name AS Gemeente, o.form,
               o.contacted_by AS ContactedBy, o.outcome, o.next_step AS NextStep
        FROM outreach_contacts o
             JOIN programme_participants p ON p.id = o.participant_id
             JOIN municipalities m ON m.id = o.municipality_id
        ORDER BY o.contacted_on, p.name, m.name, o.id
        """;

    public static string YesNo(bool value) => value ? "ja" : "nee";

    private static string Date(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static ExportTable Participants(IReadOnlyList<ParticipantRow> participants, IReadOnlyList<MemberRow> members)
    {
        var membersOf = members.ToLookup(m => m.ParticipantId);
        return new ExportTable("Deelnemers",
            ["deelnemer", "soort", "lichting", "demo", "start", "einde", "gemeenten", "CBS-codes", "contactpersoon", "projectleider",
                "toelichting lichting", "ambassadeur", "doelgemeenten"],
            participants.Select(p => (IReadOnlyList<string>)
            [
                p.Name, p.Kind, p.CohortName ?? "onbekend", YesNo(p.IsDemo || p.CohortIsDemo), Date(p.StartsOn), Date(p.EndsOn),
                string.Join("; ", membersOf[p.Id].Select(m => m.Name)), string.Join("; ", membersOf[p.Id].Select(m => m.CbsCode)),
                p.ContactPerson ?? "", p.ProjectLeader ?? "", p.CohortNote ?? "", YesNo(p.IsAmbassador), p.Targets.ToString(CultureInfo.InvariantCulture),
            ]).ToList());
    }

    public static ExportTable Contacts(IReadOnlyList<ContactRow> contacts) =>
        new("Contacten", ["datum", "ambassadeur", "gemeente", "CBS-code", "vorm", "door", "uitkomst", "vervolgstap"],
            contacts.Select(c => (IReadOnlyList<string>)
                [Date(c.ContactedOn), c.Ambassador, c.Gemeente, c.CbsCode, c.Form, c.ContactedBy, c.Outcome, c.NextStep ?? ""]).ToList());

    public static ExportTable Coverage(IReadOnlyList<CountryOverview.Gemeente> gemeenten) =>
        new("Dekking", ["CBS-code", "gemeente", "provincie", "veiligheidsregio", "koploper", "lichtingen", "ambassadeurs", "aangevraagd",
                "aanvragen", "verleend", "verleend bedrag"],
            gemeenten.Select(g => (IReadOnlyList<string>)
            [
                g.Municipality.CbsCode, g.Municipality.Name, g.Municipality.Province, g.Municipality.RegionName ?? "", YesNo(g.IsKoploper),
                string.Join("; ", g.Memberships.Select(m => m.Label).Distinct()), string.Join("; ", g.Ambassadors), YesNo(g.Applied),
                string.Join("; ", g.Applications.Select(a => $"{a.RoundName}: {a.StateLabel}" + (a.ApplicantName != g.Municipality.Name ? $" ({a.ApplicantName})" : ""))),
                YesNo(g.Granted), Payments.ExportPayments.Euros(g.GrantedCents),
            ]).ToList());

    /// <summary>A file's bytes and how many rows it holds, kept per dataset, format, filter and data version.</summary>
    private sealed record Content(byte[] Bytes, int Rows);

    public sealed class Handler(Db db, TimeProvider clock, CountryOverview.Handler overview, VersionedCache cache)
    {
        /// <summary>
        /// The file is made again only when the data it holds has changed (<see cref="DataVersion"/>); its name (the time of
        /// the download) and the audit row are per download, as before.
        /// </summary>
        public async Task<File> ExportAsync(Dataset dataset, Format format, CountryOverview.Filter filter, CurrentUser user, CancellationToken ct)
        {
            var version = await DataVersion.ReadAsync(db, ct);
            var key = VersionedCache.Key($"export/{dataset}.{format}", ("provincie", filter.Province), ("veiligheidsregio", filter.Region));
            var content = await cache.GetOrCreateAsync(key, version, async () =>
            {
                var table = dataset switch
                {
                    Dataset.Deelnemers => Participants(await db.QueryAsync<ParticipantRow>(ParticipantsSql, null, ct), await db.QueryAsync<MemberRow>(MembersSql, null, ct)),
                    Dataset.Contacten => Contacts(await db.QueryAsync<ContactRow>(ContactsSql, null, ct)),
                    _ => Coverage(await overview.WithApplicationsAsync((await overview.LoadAsync(filter, ct)).Gemeenten, ct)),
                };
                return new Content(format == Format.Xlsx ? await table.ToXlsxAsync(ct) : table.ToCsv(), table.Rows.Count);
            }, c => c.Bytes.Length);
            var now = clock.GetUtcNow().UtcDateTime;
            var extension = format == Format.Xlsx ? "xlsx" : "csv";
            var fileName = $"koploperprogramma-{dataset.ToString().ToLowerInvariant()}-{Amsterdam.ToLocal(now):yyyyMMdd-HHmm}.{extension}";
            var file = new File(fileName, format == Format.Xlsx ? ExportTable.XlsxContentType : ExportTable.CsvContentType, content.Bytes);
            await AuditAsync(db, user, now, "ProgrammaGeexporteerd", $"{fileName}: {content.Rows} rijen", ct);
            return file;
        }
    }

    /// <summary>Writes one row to the audit log for a download (who, when, which file).</summary>
    public static Task AuditAsync(Db db, CurrentUser user, DateTime now, string action, string details, CancellationToken ct) =>
        db.WriteAsync(async w =>
        {
            await w.AuditAsync(now, new AuditLog.Entry(action, user.Id, Details: details), ct);
            return true;
        }, ct);
}
