using GrantAdmin.Web.Features.Decisions;
using GrantAdmin.Web.Infrastructure.Mail;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace GrantAdmin.Web.Infrastructure.Hosting;

/// <summary>
/// A worker's look into the database for the work web servers left, every <c>Host:PollInterval</c> (2 s): mail due in
/// the outbox and letters due in a verzendronde. Needed where each process has its own in-memory job store (SQLite):
/// a job a web server enqueues there never reaches a worker in another process. The rows are claimed in the database,
/// so polls, jobs and other workers running at once still send each mail and letter once. On SQL Server the job store
/// is shared and Hangfire hands the web servers' jobs to the workers itself.
/// </summary>
public sealed class WorkerPoll(IServiceScopeFactory scopes, TimeSpan interval, ILogger<WorkerPoll> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        LoopAsync<OutboxDispatcher>((d, ct) => d.DrainAsync(ct), stoppingToken),
        LoopAsync<SendDecisionLettersJob>((j, ct) => j.SendDueAsync(ct), stoppingToken));

    // One loop per kind of work, each awaiting its run before the next tick: a long run of letters never piles up polls.
    private async Task LoopAsync<T>(Func<T, CancellationToken, Task> work, CancellationToken ct) where T : notnull
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await work(scope.ServiceProvider.GetRequiredService<T>(), ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Worker poll for {Work} failed; the next poll tries again", typeof(T).Name);
                }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }
}

/// <summary>
/// The job client of a web-only process whose job store is its own (SQLite): no server would ever take a job from it,
/// so it keeps none. The work is already in the database (outbox rows, verzendronde items) and a worker's
/// <see cref="WorkerPoll"/> finds it there.
/// </summary>
public sealed class JobsLeftToWorkers : IBackgroundJobClient
{
    public string Create(Job job, IState state) => "";

    public bool ChangeState(string jobId, IState state, string expectedState) => false;
}
