using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Ambassadors;

/// <summary>
/// Development only: a few of the demo participants (is_demo, made by the cohorts' demo data) become ambassadors
/// with their suggested targets and some contacts, through the real handlers. With no demo participants it adds nothing.
/// </summary>
public sealed class AmbassadorDemoData(Db db, ManageAmbassador.Handler ambassadors, OutreachLog.Handler log, TimeProvider clock)
{
    private const int Count = 3;

    internal const string DemoAmbassadorCountSql = """
        SELECT COUNT(*) FROM programme_ambassadors a JOIN programme_participants p ON p.id = a.participant_id WHERE p.is_demo = 1
        """;

    /// <summary>Demo participants with member gemeenten in a veiligheidsregio, the regions first (they make the richest example).</summary>
    internal const string CandidatesSql = """
        SELECT p.id FROM programme_participants p
        WHERE p.is_demo = 1
          AND EXISTS (SELECT 1 FROM programme_participant_members pm JOIN municipalities m ON m.id = pm.municipality_id
                      WHERE pm.participant_id = p.id AND m.safety_region_code IS NOT NULL)
        ORDER BY CASE WHEN p.kind = 'Regio' THEN 0 ELSE 1 END, p.id
        """;

    internal const string ProgrammeManagerSql = "SELECT id FROM users WHERE role = 'Programmamanager' AND is_active = 1 ORDER BY id";

    private static readonly (string Kind, string By, string Outcome, string? NextStep)[] Script =
    [
        ("Regiobijeenkomst", "Projectleider koploper en beleidsadviseur Wmo", "Ervaringen met onafhankelijke cliëntondersteuning gedeeld; interesse in de uitkering.", "Projectplan-opzet delen"),
        ("Telefoon", "Projectleider koploper", "Gemeente twijfelt over capaciteit voor een projectleider.", "Terugbellen na het collegeoverleg"),
        ("Overleg", "Wethouder en projectleider koploper", "Gemeente gaat de uitkering aanvragen.", null),
        ("E-mail", "Projectleider koploper", "Voorbeeld van een klantreis gestuurd.", "Navragen of het voorbeeld bruikbaar was"),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await db.QuerySingleOrDefaultAsync<int>(DemoAmbassadorCountSql, null, ct) > 0) return;
        var managerId = (await db.QueryAsync<int>(ProgrammeManagerSql, null, ct)).FirstOrDefault();
        if (managerId == 0) return;
        var manager = new CurrentUser(managerId, "Demo programmamanager", Roles.Programmamanager, null, null);
        var today = Amsterdam.Today(clock);
        var step = 0;
        foreach (var participantId in (await db.QueryAsync<int>(CandidatesSql, null, ct)).Take(Count))
        {
            var since = today.AddYears(-2);
            var made = await ambassadors.MakeAsync(manager, participantId, new ManageAmbassador.SinceForm(since.ToString("yyyy-MM-dd")), ct);
            if (!made.Succeeded || await ambassadors.LoadAsync(manager, participantId, ct: ct) is not { } page) continue;
            foreach (var (target, i) in page.Targets.Take(3).Select((t, i) => (t, i)))
            {
                var (kind, by, outcome, nextStep) = Script[step++ % Script.Length];
                var on = today.AddDays(-30 * (i + 1) - 7 * step);
                await log.LogAsync(manager, participantId, new OutreachLog.Form(target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    on.ToString("yyyy-MM-dd"), kind, by, outcome, nextStep), ct);
            }
        }
    }
}
