using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Programme.Ambassadors;
using Microsoft.Extensions.DependencyInjection;

namespace GrantAdmin.Tests.Features.Programme.Ambassadors;

/// <summary>Demo ambassadors come only from demo participants, whatever exist; none exist, none are made.</summary>
public sealed class AmbassadorDemoDataTests(TestApp app) : AppTest(app)
{
    private ProgrammeTestData Programme => new(App);

    private async Task SeedAsync()
    {
        using var scope = App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<AmbassadorDemoData>().SeedAsync(TestContext.Current.CancellationToken);
    }

    private async Task<(int Ambassadors, int Targets, int Contacts)> CountsAsync(int participantId)
    {
        await using var connection = await App.Db.OpenAsync();
        return (await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM programme_ambassadors WHERE participant_id = @participantId", new { participantId }),
            await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM ambassador_targets WHERE participant_id = @participantId", new { participantId }),
            await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM outreach_contacts WHERE participant_id = @participantId", new { participantId }));
    }

    [Fact]
    public async Task DemoParticipants_BecomeAmbassadorsWithTargetsAndContacts_Once()
    {
        await Data.UserAsync(Roles.Programmamanager);
        var region = await Programme.ParticipantAsync("Oosterschelderegio (demo)", null, ProgrammeTestData.OosterschelderegioCodes, startsOn: null, isDemo: true);
        var real = await Programme.ParticipantAsync("Woerden", null, ["GM0632"], startsOn: null);

        await SeedAsync();
        await SeedAsync();

        Assert.Equal((1, 4, 3), await CountsAsync(region));
        Assert.Equal((0, 0, 0), await CountsAsync(real));
    }

    [Fact]
    public async Task NoDemoParticipants_NothingIsMade()
    {
        await Data.UserAsync(Roles.Programmamanager);
        var real = await Programme.ParticipantAsync("Woerden", null, ["GM0632"], startsOn: null);

        await SeedAsync();

        Assert.Equal((0, 0, 0), await CountsAsync(real));
    }
}
