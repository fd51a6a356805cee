using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Programme.Progress;
using Microsoft.Extensions.DependencyInjection;

namespace GrantAdmin.Tests.Features.Programme;

public sealed class ProgressDemoDataTests(TestApp app) : AppTest(app)
{
    [Fact]
    public async Task Seeding_FillsWhateverParticipantsExist_Once()
    {
        var programme = new ProgrammeTestData(App);
        var cohort = await programme.CohortAsync();
        var ids = new[] { await programme.ParticipantAsync("Goes", cohort, [TestData.Goes]), await programme.ParticipantAsync("Utrecht", cohort, [TestData.Utrecht]) };
        await Data.UserAsync(Roles.Programmamanager);

        for (var run = 0; run < 2; run++)
        {
            using var scope = App.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ProgressDemoData>().SeedAsync(TestContext.Current.CancellationToken);
        }

        foreach (var id in ids)
        {
            Assert.Equal(5, await programme.CountAsync("participant_themes", id));
            Assert.InRange(await programme.CountAsync("participant_activities", id), 2, 4);
            Assert.Equal(3, await programme.CountAsync("participant_milestones", id));
            Assert.InRange(await programme.CountAsync("checklist_measurements", id), 1, 3);
            Assert.Equal(1, await programme.CountAsync("participant_budget_allocations", id));
            Assert.Equal(4, await programme.CountAsync("participant_spendings", id));
        }
        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("""
            SELECT COUNT(*) FROM checklist_measurements m WHERE (SELECT COUNT(*) FROM checklist_scores s WHERE s.measurement_id = m.id) <> 7
            """));
    }

    [Fact]
    public async Task Seeding_WithoutParticipantsOrProgrammamanager_DoesNothing()
    {
        using var scope = App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ProgressDemoData>().SeedAsync(TestContext.Current.CancellationToken);

        await using var connection = await App.Db.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM participant_themes"));
    }
}
