using System.Diagnostics;

namespace GrantAdmin.Web.Infrastructure.Hosting;

/// <summary>
/// The phases of a start, each with the time since the process started: a slow start (issue 16, "cold start ≤ 2 s")
/// names its own slow phase in the log instead of being guessed at. The marks before the logger exists are kept and
/// written with the first one after.
/// </summary>
public sealed class StartupTimeline
{
    private readonly TimeProvider clock;
    private readonly DateTimeOffset processStart;
    private readonly List<(string Phase, double AtMs)> pending = [];
    private double lastMs;
    private ILogger? logger;
    private int firstRequestSeen;

    public StartupTimeline(TimeProvider clock)
    {
        this.clock = clock;
        processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    }

    public void Mark(string phase)
    {
        var atMs = (clock.GetUtcNow() - processStart).TotalMilliseconds;
        lock (pending)
        {
            pending.Add((phase, atMs));
            if (logger is null) return;
            foreach (var (p, at) in pending)
            {
                logger.LogInformation("Start: {Phase} at {AtMs:F0} ms (+{PhaseMs:F0} ms)", p, at, at - lastMs);
                lastMs = at;
            }
            pending.Clear();
        }
    }

    /// <summary>From here on every mark is logged at once, the earlier ones first.</summary>
    public void LogTo(ILogger startLogger, string phase)
    {
        lock (pending) logger = startLogger;
        Mark(phase);
    }

    /// <summary>Marks the end of the first response, the moment the start is over for whoever waits for the first page.</summary>
    public void UseFirstRequestMark(IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            await next(context);
            if (Interlocked.Exchange(ref firstRequestSeen, 1) == 0) Mark($"first response ({context.Request.Path}, {context.Response.StatusCode})");
        });
}
