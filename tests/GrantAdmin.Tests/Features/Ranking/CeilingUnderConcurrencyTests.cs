using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Features.Ranking;
using Microsoft.AspNetCore.Http;

namespace GrantAdmin.Tests.Features.Ranking;

/// <summary>
/// Hundreds of position-changing operations at once near the ceiling, through the real handlers: afterwards
/// the ceiling holds, no two applications share a position, and the ledger replays to exactly what is stored.
/// </summary>
public sealed class CeilingUnderConcurrencyTests(TestApp app) : AppTest(app)
{
    private const int Applications = 120;

    private sealed record Applicant(CurrentUser User, int ApplicationId);

    private T Handler<T>() where T : notnull => App.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private async Task<(List<Applicant> Applicants, CurrentUser Reviewer)> ArrangeAsync(Round round)
    {
        await using var connection = await App.Db.OpenAsync();
        var municipalities = (await connection.QueryAsync<(int Id, string Code, string Name)>("""
            SELECT m.id, m.cbs_code, m.name FROM municipalities m JOIN municipality_lists l ON l.municipality_id = m.id AND l.list_year = 2023 ORDER BY m.cbs_code
            """)).Take(Applications).ToList();
        var applicants = new List<Applicant>();
        foreach (var (municipalityId, code, name) in municipalities)
        {
            var email = await Data.UserAsync(Roles.Tekenbevoegde, code);
            var user = new CurrentUser(await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @email", new { email }), name, Roles.Tekenbevoegde, municipalityId, name);
            var id = (await Handler<Dashboard.Handler>().StartAsync(user, round.Id, CancellationToken.None)).Value;
            var application = (await Handler<ApplicationQueries>().FindAsync(id, user, CancellationToken.None))!;
            var form = new DraftForm
            {
                ContactName = "Jan", ContactEmail = "jan@gemeente.example", ContactPhone = "030 123 45 67", ActivityProjectLeader = true,
                ProjectStart = "2023-03-01", ProjectEnd = "2024-06-30", RequestedAmount = "50000", BudgetProjectLeader = "50000",
                Iban = "NL91ABNA0417164300", AccountHolder = name, StatementTruthful = true, StatementPurpose = true, StatementNoDoubleFunding = true, StatementAccountability = true,
            };
            var plan = TestData.PdfPlan();
            await Handler<EditDraft.Handler>().SaveAsync(user, application, round, form, new FormFile(new MemoryStream(plan.Content), 0, plan.Content.Length, "plan", plan.FileName), CancellationToken.None);
            Assert.True((await Handler<SubmitApplication.Handler>().HandleAsync(user, id, CancellationToken.None)).Succeeded);
            applicants.Add(new Applicant(user, id));
        }
        var reviewerEmail = await Data.UserAsync(Roles.Behandelaar);
        var reviewer = new CurrentUser(await connection.QuerySingleAsync<int>("SELECT id FROM users WHERE email = @reviewerEmail", new { reviewerEmail }), "Behandelaar", Roles.Behandelaar, null, null);
        // Given: a reviewer has every application on her desk, and the ceiling fits twenty of them.
        await connection.ExecuteAsync("UPDATE applications SET assigned_to_user_id = @id, state = 'InBehandeling' WHERE state = 'Ingediend'", new { id = reviewer.Id });
        await connection.ExecuteAsync("UPDATE rounds SET ceiling_cents = 100000000 WHERE id = @id", new { id = round.Id });
        return (applicants, reviewer);
    }

    private static JudgeCompleteness.Form Judgement(bool complete) => new(
        GrantAdmin.Web.Features.ReferenceData.ReferenceDataLoader.DefaultChecklist
            .Select(c => new JudgeCompleteness.Item { Code = c.Code, Complete = complete || c.Code != "projectplan", Remark = complete ? null : "Plan ontbreekt" }).ToList(),
        complete ? null : "Graag het plan.", "14");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ManyOperationsAtOnce_NearTheCeiling_CeilingHolds_PositionsUnique_LedgerReplays(int repetition)
    {
        var round = await Handler<ApplicationQueries>().RoundAsync(await Data.RoundIdAsync("2023"), CancellationToken.None);
        var (applicants, reviewer) = await ArrangeAsync(round);
        var operations = 0;

        // Each application follows its own path; the paths of all applications run at the same time.
        async Task PathAsync(Applicant a, int index)
        {
            await Task.Yield();
            var application = () => Handler<ApplicationQueries>().FindAsync(a.ApplicationId, a.User, CancellationToken.None);
            switch (index % 4)
            {
                case 0: // complete at once
                    await Handler<JudgeCompleteness.Handler>().HandleAsync(reviewer, a.ApplicationId, Judgement(true), CancellationToken.None);
                    Interlocked.Increment(ref operations);
                    break;
                case 1: // aanvulverzoek, supplement, then complete at the supplement moment
                    await Handler<JudgeCompleteness.Handler>().HandleAsync(reviewer, a.ApplicationId, Judgement(false), CancellationToken.None);
                    var row = (await application())!;
                    var supplement = await Handler<SubmitSupplement.Handler>().HandleAsync(a.User, row, round, row.Draft.ToForm(row.CurrentPlanId), null, CancellationToken.None);
                    Assert.True(supplement.Succeeded, string.Join("; ", supplement.Errors.Values));
                    await Handler<JudgeCompleteness.Handler>().HandleAsync(reviewer, a.ApplicationId, Judgement(true), CancellationToken.None);
                    Interlocked.Add(ref operations, 3);
                    break;
                case 2: // complete, then withdrawn: its reservation goes to the next in line
                    await Handler<JudgeCompleteness.Handler>().HandleAsync(reviewer, a.ApplicationId, Judgement(true), CancellationToken.None);
                    await Handler<WithdrawApplication.Handler>().HandleAsync(a.User, (await application())!, new WithdrawApplication.Form("Ingetrokken in de test"), CancellationToken.None);
                    Interlocked.Add(ref operations, 2);
                    break;
                default: // withdrawn while received
                    await Handler<WithdrawApplication.Handler>().HandleAsync(a.User, (await application())!, new WithdrawApplication.Form("Ingetrokken in de test"), CancellationToken.None);
                    Interlocked.Increment(ref operations);
                    break;
            }
        }
        // Readers of the meter run in between, as the public page would.
        var reads = Enumerable.Range(0, 50).Select(async _ => { await Task.Yield(); await Handler<CeilingMeter>().ForAsync(round, CancellationToken.None); });
        await Task.WhenAll(applicants.Select(PathAsync).Concat(reads));
        Assert.True(operations >= 200, $"only {operations} position-changing operations ran");

        await using var connection = await App.Db.OpenAsync();
        var reserved = await connection.QuerySingleAsync<long>("SELECT COALESCE(SUM(reserved_cents), 0) FROM applications WHERE round_id = @id", new { id = round.Id });
        Assert.True(reserved <= 100_000_000, $"reserved {reserved} cents under a ceiling of 100000000 (repetition {repetition})");
        Assert.Equal(100_000_000, reserved); // 60 complete applications of €50,000 compete for a €1,000,000 ceiling: it is exactly full
        var positions = (await connection.QueryAsync<int>("SELECT ranking_position FROM applications WHERE round_id = @id AND ranking_position IS NOT NULL ORDER BY ranking_position", new { id = round.Id })).ToList();
        Assert.Equal(Enumerable.Range(1, positions.Count), positions);
        Assert.Equal(Applications / 2, positions.Count); // paths 0 and 1 end complete; 2 and 3 withdrawn
        var verdict = await Handler<LedgerCheck>().RunAsync(round.Id, CancellationToken.None);
        Assert.True(verdict.Holds, verdict.Message);
    }
}
