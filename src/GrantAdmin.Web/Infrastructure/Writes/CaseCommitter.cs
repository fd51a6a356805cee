using System.Data.Common;
using System.Threading.Channels;

namespace GrantAdmin.Web.Infrastructure.Writes;

/// <summary>
/// Runs this process's case writes one after another on one loop, as many as are waiting in one database transaction
/// (group commit): one lock acquisition and one flush serve a burst, and no request thread waits inside the database for
/// the write lock (they wait here, asynchronously). Each part runs under its own savepoint, so a refused or failing part
/// rolls back alone; every caller hears back only after the commit that holds its part. The lock itself stays in the
/// database, taken per round by each part, so several processes on one database still keep one order.
/// </summary>
internal sealed class CaseCommitter(Db db)
{
    private const int MaxBatch = 128;
    private const string Savepoint = "case_part";

    private readonly Channel<Part> queue = Channel.CreateUnbounded<Part>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock startGate = new();
    private Task? loop;
    private int waiting;
    private long lastCommitAt; // Environment.TickCount64 of the last commit

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction. It returns the <see cref="Write"/> whose changes are to be kept,
    /// or null to roll its changes back. Completes after the commit, with that write's outbox ids (null when rolled back).
    /// </summary>
    public Task<IReadOnlyList<int>?> RunAsync(Func<DbTransaction, Task<Write?>> work)
    {
        var part = new Part(work);
        Interlocked.Increment(ref waiting);
        part.Done.Task.ContinueWith(_ => Interlocked.Decrement(ref waiting), TaskScheduler.Default);
        EnsureLoop();
        queue.Writer.TryWrite(part);
        return part.Done.Task;
    }

    /// <summary>
    /// Returns once no case write of this process is waiting or running and none committed in the last 300 ms, or after
    /// <paramref name="atMost"/>: background work (sending receipts) gives way to a burst or a stream of submissions,
    /// without being starved by one that never ends.
    /// </summary>
    public async Task IdleAsync(TimeSpan atMost, CancellationToken ct)
    {
        var until = Environment.TickCount64 + (long)atMost.TotalMilliseconds;
        while ((Volatile.Read(ref waiting) > 0 || Environment.TickCount64 - Volatile.Read(ref lastCommitAt) < 300) && Environment.TickCount64 < until)
            await Task.Delay(20, ct);
    }

    private void EnsureLoop()
    {
        if (loop is not null) return;
        lock (startGate) loop ??= Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        var batch = new List<Part>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var part)) batch.Add(part);
            try
            {
                await CommitAsync(batch);
            }
            catch (Exception) when (batch.Count > 1)
            {
                // The transaction itself failed (a deadlock victim, a lost connection): each part again, alone.
                foreach (var part in batch)
                    try { await CommitAsync([part]); }
                    catch (Exception e) { part.Done.TrySetException(e); }
            }
            catch (Exception e)
            {
                batch[0].Done.TrySetException(e);
            }
            batch.Clear();
        }
    }

    private async Task CommitAsync(IReadOnlyList<Part> batch)
    {
        var alone = batch.Count == 1;
        await using var connection = await db.OpenAsync();
        await using var tx = db.Dialect.BeginWriteTransaction(connection);
        foreach (var part in batch)
        {
            part.Reset();
            if (!alone) await tx.SaveAsync(Savepoint);
            try
            {
                part.Kept = await part.Work(tx);
            }
            catch (Exception e)
            {
                part.Error = e;
            }
            if (alone) continue;
            if (part.Kept is null) await tx.RollbackAsync(Savepoint);
            await tx.ReleaseAsync(Savepoint);
        }
        if (alone && batch[0].Kept is null) await tx.RollbackAsync();
        else await tx.CommitAsync();
        Volatile.Write(ref lastCommitAt, Environment.TickCount64);

        foreach (var part in batch)
            if (part.Error is { } error) part.Done.TrySetException(error);
            else part.Done.TrySetResult(part.Kept?.MailIds);
    }

    private sealed class Part(Func<DbTransaction, Task<Write?>> work)
    {
        public Func<DbTransaction, Task<Write?>> Work { get; } = work;
        public TaskCompletionSource<IReadOnlyList<int>?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Write? Kept { get; set; }
        public Exception? Error { get; set; }

        public void Reset() => (Kept, Error) = (null, null);
    }
}
