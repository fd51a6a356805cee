using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;

namespace GrantAdmin.Web.Infrastructure.Hosting;

/// <summary>Settings "Limits".</summary>
public sealed class RequestConcurrencySettings
{
    /// <summary>
    /// Requests one server works on at the same time; the others wait their turn, oldest first. The requests are CPU work
    /// on a few cores, so more at once only makes each one slower and keeps more of them in memory.
    /// </summary>
    [Range(1, 10_000)] public int ConcurrentRequests { get; set; } = 16;

    /// <summary>Requests that may wait their turn; a request beyond them is refused (429) instead of queued without end.</summary>
    [Range(0, 1_000_000)] public int QueuedRequests { get; set; } = 5_000;
}

/// <summary>
/// Bounds the requests a server works on at once (the rate limiter's global limiter). Peak memory follows the work in
/// flight: every running request holds its rows, its page and a pooled SQLite connection with its page cache, so 64
/// users on a programme page held 253 MB of GC heap (issue 16). A waiting request holds only its connection.
/// The health probes are exempt (<see cref="Health"/>): a saturated server is alive, not dead.
/// </summary>
public static class RequestConcurrency
{
    public static PartitionedRateLimiter<HttpContext> Limiter(RequestConcurrencySettings settings) =>
        PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetConcurrencyLimiter("", _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.ConcurrentRequests,
            QueueLimit = settings.QueuedRequests,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));
}
