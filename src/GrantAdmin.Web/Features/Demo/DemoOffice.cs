using System.Globalization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Features.Decisions;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Infrastructure;
using Hangfire;

namespace GrantAdmin.Web.Features.Demo;

/// <summary>
/// Development only: the grants office works a closed demo round to its end, through the real handlers with the clock
/// set to each step's moment. Completeness judged (some aanvulverzoeken, supplemented, one left to expire and set
/// aside; in one round another supplemented after its term and accepted by the reviewer with a reason), one reserved
/// application withdrawn so the next moves up, grants by four eyes up to the ceiling, one refusal
/// for the ceiling (its position in the letter) and a waiting list behind it, the letters sent in a verzendronde,
/// the payment instructions exported, and one bezwaar. Runs once per round: a round with decisions is left alone.
/// </summary>
public sealed class DemoOffice(Db db, IServiceProvider services, ILogger<DemoOffice> logger)
{
    public const string ReviewerEmail = "behandelaar@dusi.demo";
    public const string ApproverEmail = "accordeerder@dusi.demo";
    public const string AdminEmail = "beheerder@dusi.demo";
    public const string LateAcceptanceReason = "De gemeente had de aanvulling op tijd verstuurd, maar die kwam door een storing bij de post een dag later binnen.";

    internal const string RoundHasDecisionsSql = """
        SELECT COUNT(*) FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.round_id = @roundId
        """;

    internal const string ReceivedSql = """
        SELECT a.id, m.cbs_code AS Code FROM applications a JOIN municipalities m ON m.id = a.municipality_id
        WHERE a.round_id = @roundId AND a.state = 'Ingediend' ORDER BY a.kenmerk_number
        """;

    internal const string StaffSql = "SELECT id, display_name AS Name FROM users WHERE email = @email";

    internal const string DueOnSql = """
        SELECT due_on FROM completion_requests WHERE id = (SELECT MAX(id) FROM completion_requests WHERE application_id = @applicationId)
        """;

    internal const string SetAsideSql = "SELECT id FROM applications WHERE round_id = @roundId AND state = 'BuitenBehandeling' ORDER BY id";

    private sealed record Received(int Id, string Code);
    private sealed record Staff(int Id, string Name);

    /// <summary>What the round ended with, for the settlement that follows years later.</summary>
    public sealed record Result(IReadOnlyList<int> Granted);

    /// <param name="lateSupplement">
    /// The round takes a supplement after its term (the beheerder sets it to Review) and the first incomplete application
    /// is supplemented the day after its term, then accepted by the reviewer with a reason; it ranks at that supplement.
    /// </param>
    public async Task<Result?> RunAsync(Round round, bool lateSupplement, CancellationToken ct)
    {
        if (await db.QuerySingleOrDefaultAsync<int>(RoundHasDecisionsSql, new { roundId = round.Id }, ct) > 0) return null;
        var reviewer = await StaffAsync(ReviewerEmail, Roles.Behandelaar, ct);
        var approver = await StaffAsync(ApproverEmail, Roles.Accordeerder, ct);
        var received = await db.QueryAsync<Received>(ReceivedSql, new { roundId = round.Id }, ct);
        // Working days after the closing: the office starts on the third day, each step on a later day, during office hours.
        DateTime At(int day, int minutes = 0) => round.Window.ClosedFromUtc.AddDays(day).AddHours(9).AddMinutes(minutes);

        // Completeness: every seventh application misses something; the last of those is never supplemented.
        var incomplete = received.Where((_, i) => i % 7 == 2).ToList();
        for (var i = 0; i < received.Count; i++)
        {
            var clock = Clock(At(3 + i / 12, i % 12 * 20));
            Ok(await new Assignment.Handler(db, clock).AssignAsync(reviewer.User, received[i].Id, reviewer.Id, ct), "assign");
            await JudgeAsync(clock, reviewer.User, received[i].Id, complete: !incomplete.Contains(received[i]), ct);
        }
        var late = lateSupplement && incomplete.Count > 2 ? incomplete[0] : null;
        if (late is not null)
        {
            var admin = await StaffAsync(AdminEmail, Roles.Beheerder, ct);
            Ok(await new Rounds.SetLateSupplementPolicy.Handler(db, Clock(At(1))).HandleAsync(admin.User, round.Code,
                new Rounds.SetLateSupplementPolicy.Form(LateSupplement.Review), ct), "late supplement policy");
        }
        foreach (var (supplemented, i) in incomplete.SkipLast(1).Where(r => r != late).Select((r, i) => (r, i)))
        {
            await SupplementAsync(supplemented, At(10, i * 30), ct);
            await JudgeAsync(Clock(At(11, i * 30)), reviewer.User, supplemented.Id, complete: true, ct);
        }
        if (late is not null)
            await SupplementedLateAndAcceptedAsync(reviewer.User, late, ct);
        await new ExpireCompletionTermsJob(db, Clock(At(25))).ExecuteAsync(ct);

        // The gemeente whose reservation is the last one that fits in full withdraws: the next in line moves up.
        var before = await RankingStore.ComputeAsync(db, round.Id, ct);
        if (before.Positions.LastOrDefault(p => p.Allocation == Allocation.Reserved) is { } last)
            await WithdrawAsync(received.Single(r => r.Id == last.ApplicationId), At(26), ct);

        // Decisions in ranking order: grants up to the ceiling, the first that does not fit refused, the rest wait.
        var ranking = await RankingStore.ComputeAsync(db, round.Id, ct);
        var prepare = new PrepareDecision.Handler(db, Clock(At(28)));
        var granted = ranking.Positions.Where(p => p.Allocation is Allocation.Reserved or Allocation.PartiallyReserved).Select(p => p.ApplicationId).ToList();
        foreach (var id in granted)
            Ok(await prepare.HandleAsync(reviewer.User, id, new PrepareDecision.Form(nameof(DecisionKind.Verlening), null, null), ct), "prepare grant");
        var refused = ranking.Positions.FirstOrDefault(p => p.Allocation == Allocation.NoRoom)?.ApplicationId;
        if (refused is { } r)
            Ok(await prepare.HandleAsync(reviewer.User, r, new PrepareDecision.Form(nameof(DecisionKind.Afwijzing), PrepareDecision.CeilingGround, null), ct), "prepare refusal");
        var setAside = await db.QueryAsync<int>(SetAsideSql, new { roundId = round.Id }, ct);
        foreach (var id in setAside)
            Ok(await prepare.HandleAsync(reviewer.User, id, new PrepareDecision.Form(nameof(DecisionKind.BuitenBehandeling), null, null), ct), "prepare set-aside");

        var jobs = services.GetRequiredService<IBackgroundJobClient>();
        var review = new ReviewDecision.Handler(db, Clock(At(29)), jobs);
        foreach (var id in granted.Concat(refused is { } x ? [x] : []).Concat(setAside))
            Ok(await review.ApproveAsync(approver.User, id, new ReviewDecision.ApproveForm(SendLater: true), ct), "approve");

        // One verzendronde for the round, its letters rendered now with the date of that day (the queued job then finds them sent).
        var sendDay = Clock(At(30));
        Ok(await new SendLetters.Handler(db, sendDay, jobs).StartAsync(reviewer.User, new SendLetters.Form(SendLetters.All, null), ct), "verzendronde");
        await ActivatorUtilities.CreateInstance<SendDecisionLettersJob>(services, db, sendDay).SweepAsync(ct);
        Ok(await new Payments.ExportPayments.Handler(db, Clock(At(31))).HandleAsync(reviewer.User, ct), "payment export");

        if (refused is { } objecting)
            await ObjectAsync(reviewer.User, objecting, At(40), ct);
        logger.LogInformation("Demo: round {Round} decided: {Granted} grants, {Refused} refused for the ceiling, {SetAside} set aside",
            round.Code, granted.Count, refused is null ? 0 : 1, setAside.Count);
        return new Result(granted);
    }

    /// <summary>The final settlement of one grant, after the gemeente's SiSa accountability over every reporting year.</summary>
    public async Task SettleAsync(int applicationId, DateTime momentUtc, CancellationToken ct)
    {
        var reviewer = await StaffAsync(ReviewerEmail, Roles.Behandelaar, ct);
        var approver = await StaffAsync(ApproverEmail, Roles.Accordeerder, ct);
        var clock = Clock(momentUtc);
        var record = new Settlement.RecordSpending.Handler(db, clock);
        var page = (await new Settlement.SettlementPage.Handler(db, new ApplicationQueries(db)).LoadAsync(reviewer.User, applicationId, ct))!;
        foreach (var year in page.MissingYears)
        {
            // Nothing spent in the last year: the settlement then has a payback to show.
            var form = new Settlement.RecordSpending.Form(year.ToString(CultureInfo.InvariantCulture), year == page.MissingYears[^1] ? "0" : "12000");
            Ok(await record.HandleAsync(reviewer.User, applicationId, form, ct), "spending");
        }
        Ok(await new Settlement.PrepareSettlement.Handler(db, clock).HandleAsync(reviewer.User, applicationId,
            new Settlement.PrepareSettlement.Form("Verantwoord via SiSa; niet bestede middelen worden teruggevorderd."), ct), "prepare settlement");
        Ok(await ActivatorUtilities.CreateInstance<Settlement.ReviewSettlement.Handler>(services, db, Clock(momentUtc.AddDays(1)))
            .ApproveAsync(approver.User, applicationId, ct), "approve settlement");
    }

    private async Task JudgeAsync(TimeProvider clock, CurrentUser reviewer, int applicationId, bool complete, CancellationToken ct)
    {
        var handler = new JudgeCompleteness.Handler(db, clock);
        var items = (await handler.ChecklistAsync(applicationId, ct)).Select((c, i) => new JudgeCompleteness.Item
        {
            Code = c.Code, Complete = complete || i > 0, Remark = complete || i > 0 ? null : "De begroting sluit niet aan op het projectplan.",
        }).ToList();
        var form = new JudgeCompleteness.Form(items, complete ? null : "Stuur een begroting die aansluit op het projectplan.", null);
        Ok(await handler.HandleAsync(reviewer, applicationId, form, ct), "judge");
    }

    private async Task SupplementAsync(Received application, DateTime momentUtc, CancellationToken ct)
    {
        var (user, row, round, queries) = await ApplicantAsync(application, ct);
        var clock = Clock(momentUtc);
        var pdf = DemoData.DemoPdf($"Projectplan versterking clientondersteuning {row.MunicipalityName}, aangevuld");
        var upload = new FormFile(new MemoryStream(pdf), 0, pdf.Length, "plan", $"Projectplan {row.MunicipalityName} (aangevuld).pdf");
        var fields = new EditDraft.Fields(new PlanUpload(db, clock, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PlanSettings>>()), queries);
        Ok(await new SubmitSupplement.Handler(db, clock, fields, queries).HandleAsync(user, row, round, row.Draft.ToForm(row.CurrentPlanId), upload, ct), "supplement");
    }

    /// <summary>
    /// The gemeente supplements the morning after its term ran out; the reviewer accepts it that afternoon with a reason and
    /// judges the application complete the next morning. Its ranking moment is the late supplement's receipt (art. 4(4)).
    /// </summary>
    private async Task SupplementedLateAndAcceptedAsync(CurrentUser reviewer, Received application, CancellationToken ct)
    {
        var dueOn = await db.QuerySingleOrDefaultAsync<DateOnly>(DueOnSql, new { applicationId = application.Id }, ct);
        var dayAfter = Amsterdam.StartOfDayUtc(dueOn.AddDays(1));
        await SupplementAsync(application, dayAfter.AddHours(10), ct);
        Ok(await new AcceptLateSupplement.Handler(db, Clock(dayAfter.AddHours(14)))
            .HandleAsync(reviewer, application.Id, new AcceptLateSupplement.Form(LateAcceptanceReason), ct), "accept late supplement");
        await JudgeAsync(Clock(dayAfter.AddDays(1).AddHours(10)), reviewer, application.Id, complete: true, ct);
    }

    private async Task WithdrawAsync(Received application, DateTime momentUtc, CancellationToken ct)
    {
        var (user, row, _, _) = await ApplicantAsync(application, ct);
        Ok(await new WithdrawApplication.Handler(db, Clock(momentUtc))
            .HandleAsync(user, row, new WithdrawApplication.Form("Het project gaat niet door: de projectleider is elders aan de slag gegaan."), ct), "withdraw");
    }

    private async Task ObjectAsync(CurrentUser reviewer, int applicationId, DateTime momentUtc, CancellationToken ct)
    {
        var handler = new Objections.RegisterObjection.Handler(db, Clock(momentUtc));
        var page = (await handler.LoadAsync(applicationId, null, ct))!;
        var receivedOn = Amsterdam.Today(Clock(momentUtc)).ToString("d-M-yyyy", CultureInfo.InvariantCulture);
        Ok(await handler.HandleAsync(reviewer, applicationId, new Objections.RegisterObjection.Form(receivedOn, null,
            $"College van burgemeester en wethouders van {page.MunicipalityName}",
            "De gemeente vindt dat haar aanvraag eerder volledig was en dus binnen het plafond had moeten vallen."), ct), "objection");
    }

    private async Task<(CurrentUser User, ApplicationRow Row, Round Round, ApplicationQueries Queries)> ApplicantAsync(Received application, CancellationToken ct)
    {
        var email = DemoData.ApplicantEmail(application.Code);
        var staff = (await db.QuerySingleOrDefaultAsync<Staff>(StaffSql, new { email }, ct))!;
        var queries = new ApplicationQueries(db);
        var municipalityId = await db.QuerySingleOrDefaultAsync<int>(Users.ManageUsers.MunicipalityIdSql, new { code = application.Code }, ct);
        var probe = new CurrentUser(staff.Id, staff.Name, Roles.Tekenbevoegde, municipalityId, null);
        var row = (await queries.FindAsync(application.Id, probe, ct))!;
        var user = probe with { MunicipalityName = row.MunicipalityName };
        return (user, row, await queries.RoundAsync(row.RoundId, ct), queries);
    }

    private sealed record Member(int Id, CurrentUser User);

    private async Task<Member> StaffAsync(string email, string role, CancellationToken ct)
    {
        var staff = (await db.QuerySingleOrDefaultAsync<Staff>(StaffSql, new { email }, ct))!;
        return new Member(staff.Id, new CurrentUser(staff.Id, staff.Name, role, null, null));
    }

    private static DemoData.FixedTimeProvider Clock(DateTime utc) => new(utc);

    /// <summary>The demo is made through the real handlers; a refusal means the demo no longer matches the rules, so say which step.</summary>
    private static void Ok<T>(Outcome<T> outcome, string step)
    {
        if (!outcome.Succeeded)
            throw new InvalidOperationException($"Demo step '{step}' failed: {string.Join("; ", outcome.Errors.Values)}");
    }
}
