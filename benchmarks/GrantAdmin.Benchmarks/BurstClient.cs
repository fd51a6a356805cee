using System.Diagnostics;
using System.Net;

namespace GrantAdmin.Benchmarks;

/// <summary>One request to send, built before the gate opens; a success is a 302 whose location's path <see cref="IsExpected"/> accepts.</summary>
public sealed record Shot(Func<HttpRequestMessage> Request, Func<string, bool> IsExpected);

/// <summary>
/// One answer: its latency (request sent to response read), status, where it redirected, for a failure the start of its
/// body; and when it was sent and answered (Stopwatch timestamps).
/// </summary>
public sealed record Reply(double LatencyMs, int Status, string? Location, bool Ok, string? Body, long SentAt, long AnsweredAt);

public sealed record Latencies(double P50, double P95, double P99, double Max)
{
    /// <summary>Nearest-rank percentiles.</summary>
    public static Latencies Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return new(double.NaN, double.NaN, double.NaN, double.NaN);
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new(Rank(0.50), Rank(0.95), Rank(0.99), sorted[^1]);
    }
}

/// <summary>The answers, and the wall time from the release (a <see cref="Stopwatch"/> timestamp, and the UTC clock then) to the last answer.</summary>
public sealed record BurstResult(IReadOnlyList<Reply> Replies, double WallMs, long ReleasedAt, DateTime ReleasedAtUtc)
{
    public int Errors => Replies.Count(r => !r.Ok);
    public Latencies Latency => Latencies.Of(Replies.Select(r => r.LatencyMs));

    /// <summary>How long after the release the last request left the client: the barrier's own spread.</summary>
    public double LastSentMs => Stopwatch.GetElapsedTime(ReleasedAt, Replies.Max(r => r.SentAt)).TotalMilliseconds;

    /// <summary>Milliseconds from the release to a moment the server recorded (its clock is this machine's).</summary>
    public double SinceRelease(DateTime utc) => (utc - ReleasedAtUtc).TotalMilliseconds;

    /// <summary>How long after the release the first answer was read.</summary>
    public double FirstAnswerMs => Stopwatch.GetElapsedTime(ReleasedAt, Replies.Min(r => r.AnsweredAt)).TotalMilliseconds;

    /// <summary>The first few failures: status (0 when no answer came), redirect target, and the start of the page's text.</summary>
    public string DescribeErrors(int max = 3) => string.Join("; ", Replies.Where(r => !r.Ok).Take(max)
        .Select(r => $"HTTP {r.Status}{(r.Location is { } l ? $" → {l}" : "")}: {r.Body}"));
}

public sealed record SustainedResult(int Sent, int Errors, double ElapsedSeconds, Latencies Latency, string FirstErrors)
{
    public double PerSecond => (Sent - Errors) / ElapsedSeconds;
}

/// <summary>
/// The client side, the same for the app and the floor: one HttpClient per user with its own cookies and one keep-alive
/// connection, opened by one GET just before the burst; then every request released at one instant behind a barrier.
/// </summary>
public static class BurstClient
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(5);

    /// <summary>A client with one connection of its own; no redirects followed (the 302 is the answer).</summary>
    public static HttpClient Connection(Uri baseAddress, CookieContainer? cookies) =>
        new(new SocketsHttpHandler
        {
            UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false,
            MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(30), PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { BaseAddress = baseAddress, Timeout = RequestTimeout };

    /// <summary>One GET on each client, so each holds an open keep-alive connection; a few at a time.</summary>
    public static Task OpenConnectionsAsync(IEnumerable<HttpClient> clients, string path) =>
        Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (client, ct) =>
        {
            using var response = await client.GetAsync(path, ct);
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
            await response.Content.ReadAsByteArrayAsync(ct);
        });

    /// <summary>Releases every shot at once (each on its own client) and waits for the last answer.</summary>
    public static async Task<BurstResult> BurstAsync(IReadOnlyList<(HttpClient Client, Shot Shot)> shots)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = shots.Select(s => s.Shot.Request()).ToArray();
        var tasks = shots.Select((s, i) => FireAsync(s.Client, requests[i], s.Shot.IsExpected, gate.Task)).ToArray();
        await Task.Delay(200); // every task is waiting at the gate
        var releasedAtUtc = TimeProvider.System.GetUtcNow().UtcDateTime;
        var release = Stopwatch.GetTimestamp();
        gate.SetResult();
        var replies = await Task.WhenAll(tasks);
        return new BurstResult(replies, Stopwatch.GetElapsedTime(release, replies.Max(r => r.AnsweredAt)).TotalMilliseconds, release, releasedAtUtc);
    }

    /// <summary>
    /// Streams shots over the lanes (one connection each) until <paramref name="duration"/> has passed or <paramref name="next"/>
    /// has none left; requests in flight at the end are awaited and counted.
    /// </summary>
    public static async Task<SustainedResult> SustainedAsync(IReadOnlyList<HttpClient> lanes, Func<Shot?> next, TimeSpan duration)
    {
        var replies = new System.Collections.Concurrent.ConcurrentBag<Reply>();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(lanes.Select(async lane =>
        {
            while (Stopwatch.GetElapsedTime(start) < duration && next() is { } shot)
                replies.Add(await FireAsync(lane, shot.Request(), shot.IsExpected, Task.CompletedTask));
        }));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var failures = replies.Where(r => !r.Ok).ToList();
        return new SustainedResult(replies.Count, failures.Count, elapsed, Latencies.Of(replies.Select(r => r.LatencyMs)),
            string.Join("; ", failures.Take(3).Select(r => $"HTTP {r.Status}: {r.Body}")));
    }

    private static async Task<Reply> FireAsync(HttpClient client, HttpRequestMessage request, Func<string, bool> isExpected, Task gate)
    {
        await gate;
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var end = Stopwatch.GetTimestamp();
            var location = response.Headers.Location is { } l ? new Uri(client.BaseAddress!, l).AbsolutePath : null;
            var ok = response.StatusCode == HttpStatusCode.Redirect && location is not null && isExpected(location);
            return new Reply(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds, (int)response.StatusCode, location, ok, ok ? null : Snippet(body), start, end);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            var end = Stopwatch.GetTimestamp();
            return new Reply(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds, 0, null, false, e.GetType().Name + ": " + e.Message, start, end);
        }
        finally
        {
            request.Dispose();
        }
    }

    /// <summary>The text of an error page (its main part, without the layout's menus), squeezed to one short line.</summary>
    private static string Snippet(string body)
    {
        var main = body.IndexOf("<main", StringComparison.OrdinalIgnoreCase);
        if (main >= 0) body = body[main..];
        var text = System.Text.RegularExpressions.Regex.Replace(body, "<script.*?</script>|<style.*?</style>|<[^>]+>", " ",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        text = System.Text.RegularExpressions.Regex.Replace(WebUtility.HtmlDecode(text), @"\s+", " ").Trim();
        return text.Length > 160 ? text[..160] + "…" : text;
    }
}
