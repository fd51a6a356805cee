using System.Globalization;
using System.Text;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Infrastructure;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace GrantAdmin.Web.Features.Demo;

public sealed record DemoAccount(string Email, string Role, string? Municipality, string? MunicipalityCode);

/// <summary>
/// Development only: a demo round that is open now, an account per role, and applications in the closed
/// rounds, all made through the real handlers with the clock set to the moment of each step.
/// </summary>
public sealed class DemoData(Db db, IServiceProvider services, TimeProvider clock, ILogger<DemoData> logger)
{
    public const string Password = "Demo-wachtwoord-2023";
    public const string RoundCode = "demo";

    // Every demo account has the same published password, so one PBKDF2 hash (salted, 100,000 iterations) serves them all:
    // hashing it per account cost ~10 s of the first start (93 accounts at ~0.1 s each, measured).
    private readonly Lazy<string> passwordHash = new(() => LoginHandler.Hasher.HashPassword(new object(), Password));

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("tekenbevoegde@utrecht.demo", Roles.Tekenbevoegde, "Utrecht", "GM0344"),
        new("invuller@utrecht.demo", Roles.Invuller, "Utrecht", "GM0344"),
        new("tekenbevoegde@goes.demo", Roles.Tekenbevoegde, "Goes (koploper, Oosterschelderegio)", "GM0664"),
        new("tekenbevoegde@groningen.demo", Roles.Tekenbevoegde, "Groningen", "GM0014"),
        new("behandelaar@dusi.demo", Roles.Behandelaar, null, null),
        new("behandelaar2@dusi.demo", Roles.Behandelaar, null, null),
        new("accordeerder@dusi.demo", Roles.Accordeerder, null, null),
        new("programmamanager@vws.demo", Roles.Programmamanager, null, null),
        new("beheerder@dusi.demo", Roles.Beheerder, null, null),
    ];

    internal const string UpsertDemoRoundSql = """
        UPDATE rounds SET opens_on = @opensOn, closes_on = @closesOn, activities_from = @activitiesFrom, activities_until = @activitiesUntil
        WHERE code = @code
        """;

    internal const string InsertDemoRoundSql = """
        INSERT INTO rounds (code, name, kenmerk_prefix, opens_on, closes_on, ceiling_cents, max_per_applicant_cents,
            one_grant_per_applicant, remainder_policy, tie_policy, municipality_list_year, activities_from, activities_until,
            decision_term_weeks, completion_term_days, rule_version, is_demo)
        SELECT @code, 'DEMO-ronde (oefenen; geen echte aanvragen)', 'SUVCO-DEMO', @opensOn, @closesOn, 125000000, 5000000,
            1, 'PartialRemainder', 'ExactMoment', 2023, @activitiesFrom, @activitiesUntil, 8, 14, 'DEMO — Regeling specifieke uitkering versterking cliëntondersteuning', 1
        WHERE NOT EXISTS (SELECT 1 FROM rounds WHERE code = @code)
        """;

    internal const string UserExistsSql = "SELECT COUNT(*) FROM users WHERE email = @email";
    internal const string DemoUserSql = "SELECT id FROM users WHERE email = @email";
    internal const string RoundByCodeSql = "SELECT id FROM rounds WHERE code = @code";
    internal const string RoundHasApplicationsSql = "SELECT COUNT(*) FROM applications WHERE round_id = @roundId";
    internal const string ListSql = """
        SELECT m.id, m.cbs_code AS Code, m.name FROM municipalities m
        JOIN municipality_lists l ON l.municipality_id = m.id AND l.list_year = @year
        ORDER BY m.cbs_code
        """;
    private const string GoesCode = "GM0664";
    private sealed record Municipality(int Id, string Code, string Name);

    public async Task SeedAsync(CancellationToken ct = default)
    {
        var today = Amsterdam.Today(clock);
        await db.WriteAsync(async w =>
        {
            // The project period lies ahead of whoever practises: from the opening to two years after today.
            var window = new { code = RoundCode, opensOn = today.AddDays(-14), closesOn = today.AddDays(60),
                activitiesFrom = today.AddDays(-14), activitiesUntil = today.AddYears(2) };
            await w.Tx.ExecuteAsync(InsertDemoRoundSql, window, ct);
            await w.Tx.ExecuteAsync(UpsertDemoRoundSql, window, ct); // keep the demo round open whenever the app starts
            await ReferenceData.ReferenceDataLoader.EnsureChecklistsAsync(w.Tx, ct);
            foreach (var account in Accounts)
                await EnsureUserAsync(w.Tx, account.Email, DisplayName(account), account.Role, account.MunicipalityCode, ct);
            return 0;
        }, ct);

        await new Programme.Participants.DemoParticipants(db, clock).SeedAsync(ct);
        // More demand than either ceiling holds, so each closed round ends with refusals and a waiting list.
        // A gemeente that applied in 2022 does not apply again in 2023 (the uitkering is eenmalig).
        var started = TimeProvider.System.GetTimestamp();
        var warmUp = WarmUpAsync(ct);
        var applied2022 = await SeedRoundAsync("2022", listYear: 2022, count: 40, seed: 2022, new HashSet<string>(), ct);
        await SeedRoundAsync("2023", listYear: 2023, count: 44, seed: 2023, applied2022, ct);
        await warmUp;
        await DecideRoundsAsync(ct);
        // The start time of `ops/run` is watched: say what the demo cost (the real clock, not the demo's).
        logger.LogInformation("Demo: closed rounds seeded in {Seconds:0.0} s", TimeProvider.System.GetElapsedTime(started).TotalSeconds);
        await services.GetRequiredService<Programme.Ambassadors.AmbassadorDemoData>().SeedAsync(ct);
        await services.GetRequiredService<Programme.Progress.ProgressDemoData>().SeedAsync(ct);
    }

    /// <summary>
    /// The verzendronden print ~60 letters: Chromium starts while the submissions are written, not when the first letter
    /// waits for it. A failure is the first letter's to retry, as with the warm-up at the app's start.
    /// </summary>
    private async Task WarmUpAsync(CancellationToken ct)
    {
        try
        {
            await services.GetRequiredService<Infrastructure.Pdf.PdfRenderer>().WarmUpAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Demo: Chromium could not be started ahead of the letters; the first letter tries again.");
        }
    }

    private static string DisplayName(DemoAccount a) => a.Role switch
    {
        Roles.Tekenbevoegde or Roles.Invuller => $"{a.Role} {a.Municipality?.Split(' ')[0]}",
        _ => $"Demo {a.Role.ToLowerInvariant()}" + (a.Email.StartsWith("behandelaar2", StringComparison.Ordinal) ? " 2" : ""),
    };

    private async Task EnsureUserAsync(System.Data.Common.DbTransaction tx, string email, string name, string role, string? code, CancellationToken ct)
    {
        if (await tx.QuerySingleAsync<int>(UserExistsSql, new { email }, ct) > 0) return;
        int? municipalityId = code is null ? null : await tx.QuerySingleAsync<int>(Users.ManageUsers.MunicipalityIdSql, new { code }, ct);
        await tx.ExecuteAsync(Users.ManageUsers.InsertSql, new
        {
            email, displayName = name, hash = passwordHash.Value, role, municipalityId,
            now = clock.GetUtcNow().UtcDateTime,
        }, ct);
    }

    /// <summary>
    /// Submissions spread over a closed round, by gemeenten drawn with a fixed seed (same demo every time), none of
    /// <paramref name="excluded"/>. Returns the CBS codes of the gemeenten drawn (none when the round was seeded before).
    /// </summary>
    private async Task<IReadOnlySet<string>> SeedRoundAsync(string roundCode, int listYear, int count, int seed, IReadOnlySet<string> excluded, CancellationToken ct)
    {
        var roundId = await db.QuerySingleOrDefaultAsync<int?>(RoundByCodeSql, new { code = roundCode }, ct);
        if (roundId is null || await db.QuerySingleOrDefaultAsync<int>(RoundHasApplicationsSql, new { roundId }, ct) > 0) return new HashSet<string>();
        var round = await new ApplicationQueries(db).RoundAsync(roundId.Value, ct);
        var random = new Random(seed);
        var list = await db.QueryAsync<Municipality>(ListSql, new { year = listYear }, ct);
        // Goes (the demo's koploper account) applies in 2023 only.
        var chosen = list.Where(m => !excluded.Contains(m.Code) && m.Code != GoesCode).OrderBy(_ => random.Next()).Take(count).ToList();
        if (roundCode == "2023" && list.FirstOrDefault(m => m.Code == GoesCode) is { } goes) chosen[0] = goes;

        var span = round.Window.ClosedFromUtc - round.Window.OpensAtUtc;
        var moments = chosen.Select(_ => round.Window.OpensAtUtc + TimeSpan.FromSeconds(random.NextDouble() * span.TotalSeconds * 0.98))
            .Order().ToList();
        for (var i = 0; i < chosen.Count; i++)
        {
            var municipality = chosen[i];
            var email = ApplicantEmail(municipality.Code);
            await db.WriteAsync(async w =>
            {
                await EnsureUserAsync(w.Tx, email, $"Tekenbevoegde {municipality.Name}", Roles.Tekenbevoegde, municipality.Code, ct);
                return 0;
            }, ct);
            var userId = (await db.QuerySingleOrDefaultAsync<int>(DemoUserSql, new { email }, ct));
            var user = new CurrentUser(userId, $"Tekenbevoegde {municipality.Name}", Roles.Tekenbevoegde, municipality.Id, municipality.Name);
            await SubmitAsync(user, municipality, round, moments[i], random, withdraw: i % 11 == 5, ct);
        }
        await SettleHistoricMailAsync(round.Id, ct);
        logger.LogInformation("Demo: {Count} applications in round {Round}", chosen.Count, roundCode);
        return chosen.Select(m => m.Code).ToHashSet();
    }

    /// <summary>
    /// The office's work on the closed rounds, then the settlement of the first 2022 grant after the gemeente's SiSa
    /// accountability over 2024 (due 15 July 2025).
    /// </summary>
    private async Task DecideRoundsAsync(CancellationToken ct)
    {
        var office = ActivatorUtilities.CreateInstance<DemoOffice>(services, Historic);
        var queries = new ApplicationQueries(db);
        foreach (var code in (string[])["2022", "2023"])
        {
            if (await db.QuerySingleOrDefaultAsync<int?>(RoundByCodeSql, new { code }, ct) is not { } roundId) continue;
            // One round (2023) takes a supplement after its term, so the demo shows the reviewer's choice; 2022 keeps the default.
            var result = await office.RunAsync(await queries.RoundAsync(roundId, ct), lateSupplement: code == "2023", ct);
            if (code == "2022" && result is { Granted: [var first, ..] })
                await office.SettleAsync(first, new DateTime(2025, 9, 15, 8, 0, 0, DateTimeKind.Utc), ct);
            await SettleHistoricMailAsync(roundId, ct);
        }
    }

    /// <summary>Historic demo steps: their mails went out back then; do not send them now.</summary>
    private Task SettleHistoricMailAsync(int roundId, CancellationToken ct) =>
        db.WriteAsync(w => w.Tx.ExecuteAsync(Infrastructure.Mail.OutboxDispatcher.RecordHistoricAsSentSql, new { roundId }, ct), ct);

    /// <summary>A Db that sends no mail on commit (no outbox kick), for steps made at a moment in the past.</summary>
    private Db Historic => new(db.ConnectionString, db.Dialect);

    public static string ApplicantEmail(string cbsCode) => $"tekenbevoegde.{cbsCode.ToLowerInvariant()}@gemeente.demo";

    private async Task SubmitAsync(CurrentUser user, Municipality municipality, Round round, DateTime moment, Random random, bool withdraw, CancellationToken ct)
    {
        var draftClock = new FixedTimeProvider(moment.AddHours(-2));
        var queries = new ApplicationQueries(db);
        var historic = Historic;
        var start = await new Dashboard.Handler(db, draftClock, new Ranking.CeilingMeter(db, draftClock, new Ranking.CeilingMeter.Sums())).StartAsync(user, round.Id, ct);
        var application = (await queries.FindAsync(start.Value, user, ct))!;
        var amount = random.Next(8, 11) * 5000;
        var leader = random.Next(2) == 0 ? amount : amount - 10000;
        var form = new DraftForm
        {
            ContactName = $"Beleidsadviseur {municipality.Name}", ContactEmail = $"wmo@{Slug(municipality.Name)}.gemeente.demo", ContactPhone = "088 123 45 67",
            ActivityProjectLeader = true, ActivityResearch = leader < amount, ProjectStart = round.OpensOn.AddMonths(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ProjectEnd = round.ActivitiesUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            RequestedAmount = amount.ToString(CultureInfo.InvariantCulture), BudgetProjectLeader = leader.ToString(CultureInfo.InvariantCulture),
            BudgetResearch = leader < amount ? (amount - leader).ToString(CultureInfo.InvariantCulture) : null,
            Iban = "NL91ABNA0417164300", AccountHolder = $"Gemeente {municipality.Name}",
            StatementTruthful = true, StatementPurpose = true, StatementNoDoubleFunding = true, StatementAccountability = true,
        };
        var pdf = DemoPdf($"Projectplan versterking clientondersteuning gemeente {municipality.Name}");
        var upload = new FormFile(new MemoryStream(pdf), 0, pdf.Length, "plan", $"Projectplan {municipality.Name}.pdf");
        await new EditDraft.Handler(db, draftClock, new EditDraft.Fields(new PlanUpload(db, draftClock, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PlanSettings>>()), queries))
            .SaveAsync(user, application, round, form, upload, ct);
        var submitted = await new SubmitApplication.Handler(historic, new FixedTimeProvider(moment)).HandleAsync(user, application.Id, ct);
        if (!submitted.Succeeded)
            throw new InvalidOperationException($"Demo submission failed: {string.Join("; ", submitted.Errors.Values)}");
        if (withdraw)
        {
            var row = (await queries.FindAsync(application.Id, user, ct))!;
            await new WithdrawApplication.Handler(historic, new FixedTimeProvider(moment.AddDays(3)))
                .HandleAsync(user, row, new WithdrawApplication.Form("Het college heeft besloten het project uit eigen middelen te betalen."), ct);
        }
    }

    private static string Slug(string name) => new(name.ToLowerInvariant().Normalize(NormalizationForm.FormD)
        .Where(char.IsAsciiLetterOrDigit).ToArray());

    /// <summary>A small, valid one-page PDF with a line of text, so demo plans open in any viewer.</summary>
    public static byte[] DemoPdf(string line)
    {
        var text = new string(line.Where(c => c < 128 && c is not '(' and not ')' and not '\\').ToArray());
        var stream = $"BT /F1 14 Tf 60 760 Td ({text}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Length {stream.Length} >>\nstream\n{stream}\nendstream",
        ];
        return PdfOf(objects);
    }

    /// <summary>A PDF file of these objects (numbered from 1, the first the catalog) with a correct cross-reference table.</summary>
    public static byte[] PdfOf(IReadOnlyList<string> objects, string version = "1.4")
    {
        var pdf = new StringBuilder($"%PDF-{version}\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    internal sealed class FixedTimeProvider(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
    }
}
