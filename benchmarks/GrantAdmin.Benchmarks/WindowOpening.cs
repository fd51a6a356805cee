using System.Diagnostics;
using System.Globalization;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Benchmarks;

/// <summary>
/// The moment a round opens (ops/bench-window-opening): N gemeenten submit their complete application at one instant.
/// Per repetition, on a fresh database: the app started as its own process (Release, Production, plain http on
/// 127.0.0.1, mail to a local SMTP sink); N tekenbevoegden with a complete draft each, made through the app's forms;
/// the floor burst; the app burst (N POST /aanvragen/{id}/indienen behind one barrier); the receipt mails; the
/// verification in the database; the floor burst again. Then the medians, and optionally a sustained run.
/// </summary>
public static class WindowOpening
{
    public sealed record Options(string AppDll, string ContentRoot, int SmtpPort, int Count, int Repeat, int? SustainedSeconds, int SustainedRounds, int Lanes,
        bool Keep)
    {
        public const string Usage = "window-opening --app GrantAdmin.Web.dll --content-root DIR --smtp-port PORT [--n 342] [--repeat 3] " +
            "[--sustained SECONDS] [--sustained-rounds 4] [--lanes 16] [--keep]";

        public static Options Parse(IReadOnlyList<string> args)
        {
            var values = new Dictionary<string, string>();
            var keep = false;
            for (var i = 0; i < args.Count; i++)
            {
                if (args[i] == "--keep") keep = true;
                else if (args[i] is "--app" or "--content-root" or "--smtp-port" or "--n" or "--repeat" or "--sustained" or "--sustained-rounds" or "--lanes"
                         && i + 1 < args.Count) values[args[i][2..]] = args[++i];
                else throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: {Usage}");
            }
            string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required. Usage: {Usage}");
            int Number(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            return new Options(Required("app"), Required("content-root"), int.Parse(Required("smtp-port"), CultureInfo.InvariantCulture),
                Number("n", 342), Number("repeat", 3), values.ContainsKey("sustained") ? Number("sustained", 0) : null, Number("sustained-rounds", 4),
                Number("lanes", 16), keep);
        }
    }

    /// <summary>One target's burst: wall time, latencies, errors, and CPU of its process per request.</summary>
    public sealed record Measurement(string Target, int N, double WallMs, Latencies Latency, int Errors, string ErrorText, double CpuMsPerRequest,
        double ChildCpuMsPerRequest, double LoadBefore, double LoadAfter, double LastSentMs, double FirstAnswerMs, double? FirstRecordedMs, double? LastRecordedMs)
    {
        public static Measurement Of(string target, BurstResult burst, ProcessMeter.CpuSample cpu, double loadBefore, double loadAfter,
            (DateTime First, DateTime Last)? recorded) =>
            new(target, burst.Replies.Count, burst.WallMs, burst.Latency, burst.Errors, burst.DescribeErrors(), cpu.OwnMs / burst.Replies.Count,
                cpu.ChildMs / burst.Replies.Count, loadBefore, loadAfter, burst.LastSentMs, burst.FirstAnswerMs,
                recorded is { } r ? burst.SinceRelease(r.First) : null, recorded is { } l ? burst.SinceRelease(l.Last) : null);

        public static Measurement Of(string target, Floor.Run run) => Of(target, run.Burst, run.Cpu, run.LoadBefore, run.LoadAfter, run.Recorded);
    }

    public sealed record Repetition(int Number, Measurement FloorBefore, Measurement App, Measurement FloorAfter, Mails Mails, IReadOnlyList<string> Violations);

    /// <summary>Receipt mails sent (status 'Sent' in the outbox) when every one was out, or when the wait ended.</summary>
    public sealed record Mails(int Sent, int Expected, double Seconds)
    {
        public override string ToString() => Sent >= Expected
            ? $"all {Expected} receipt mails sent {Seconds:F1} s after the release"
            : $"{Sent} of {Expected} receipt mails sent {Seconds:F0} s after the release";
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var options = Options.Parse(args);
        CultureInfo.CurrentCulture = CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        TypeHandlers.Register();
        TypeHandlers.MapPositionalRecords(typeof(WindowOpening).Assembly);
        var report = new BenchReport(options);
        report.Header();

        var repetitions = new List<Repetition>();
        for (var r = 1; r <= options.Repeat; r++)
        {
            var repetition = await RepeatAsync(options, r, ct);
            report.Repetition(repetition);
            repetitions.Add(repetition);
        }
        report.Summary(repetitions);

        var sound = repetitions.All(r => r.Violations.Count == 0 && r.App.Errors == 0);
        if (options.SustainedSeconds is { } seconds)
        {
            var sustained = await SustainedAsync(options, TimeSpan.FromSeconds(seconds), ct);
            report.Sustained(sustained);
            sound &= sustained.Violations.Count == 0;
        }
        return sound ? 0 : 1;
    }

    private static async Task<Repetition> RepeatAsync(Options options, int number, CancellationToken ct)
    {
        var work = Directory.CreateTempSubdirectory("bench-window-opening-");
        try
        {
            Floor.Run floorBefore;
            Measurement appRun;
            Mails mails;
            IReadOnlyList<string> violations;
            await using (var app = await AppServer.StartAsync(options, work.FullName, number.ToString(CultureInfo.InvariantCulture)))
            {
                Progress($"run {number}: app started (pid {app.Process.Pid}); preparing {options.Count} tekenbevoegden with a complete draft each");
                var clock = Stopwatch.StartNew();
                var givens = await Preparation.GivensAsync(app.Db, options.Count, rounds: 1, ct);
                var (applicants, draftsPerRound) = await Preparation.DraftsAsync(app.BaseAddress, givens, ct);
                var drafts = draftsPerRound[0];
                Progress($"run {number}: prepared in {clock.Elapsed.TotalSeconds:F0} s; floor burst (before), the app idle");

                floorBefore = await Floor.BurstAsync(work.FullName, options.Count, "before");

                Progress($"run {number}: app burst of {drafts.Count} submissions");
                await BurstClient.OpenConnectionsAsync(applicants.Select(a => a.Client), "/css/site.css");
                var loadBefore = ProcessMeter.LoadAverage();
                var cpuBefore = ProcessMeter.Cpu(app.Process.Pid);
                var burst = await BurstClient.BurstAsync(drafts.Select(d => (d.Applicant.Client, new Shot(d.SubmitRequest, location => location == d.ReceiptPath))).ToList());
                var cpu = ProcessMeter.Cpu(app.Process.Pid) - cpuBefore;
                var loadAfter = ProcessMeter.LoadAverage();
                appRun = Measurement.Of("app", burst, cpu, loadBefore, loadAfter, await Verification.ReceiptSpanAsync(app.Db, givens.RoundIds[0], ct));
                foreach (var applicant in applicants) applicant.Client.Dispose();

                mails = await WaitForMailsAsync(app.Db, givens.RoundIds[0], burst.Replies.Count(r => r.Ok), burst.ReleasedAt, ct);
                Progress($"run {number}: {mails}; verifying");
                violations = await Verification.CheckAsync(app.Db, givens.RoundIds[0], options.Count, ct);
            }
            // The app stopped (with any receipt mails still to render), so its leftover work does not weigh on the floor.
            Progress($"run {number}: app stopped; floor burst (after)");
            var floorAfter = await Floor.BurstAsync(work.FullName, options.Count, "after");
            return new Repetition(number, Measurement.Of("floor (before)", floorBefore), appRun, Measurement.Of("floor (after)", floorAfter), mails, violations);
        }
        finally
        {
            if (options.Keep) Progress($"kept {work.FullName}");
            else work.Delete(recursive: true);
        }
    }

    /// <summary>Polls the outbox until every receipt mail is sent or 120 s after the release have passed.</summary>
    private static async Task<Mails> WaitForMailsAsync(Db db, int roundId, int expected, long releasedAt, CancellationToken ct)
    {
        var limit = TimeSpan.FromSeconds(120);
        while (true)
        {
            var sent = await Verification.SentMailsAsync(db, roundId, ct);
            var elapsed = Stopwatch.GetElapsedTime(releasedAt);
            if (sent >= expected || elapsed > limit) return new Mails(sent, expected, Math.Min(elapsed.TotalSeconds, limit.TotalSeconds));
            await Task.Delay(250, ct);
        }
    }

    public sealed record SustainedOutcome(TimeSpan Duration, int Lanes, int Drafts, Floor.SustainedRun Floor, SustainedResult App, ProcessMeter.CpuSample AppCpu,
        IReadOnlyList<string> Violations);

    /// <summary>
    /// Submissions streamed over a few connections (a proxy's pool), each request carrying its own user's cookies, from
    /// drafts prepared in several open rounds; until the time is up or the drafts run out. The floor the same way.
    /// </summary>
    private static async Task<SustainedOutcome> SustainedAsync(Options options, TimeSpan duration, CancellationToken ct)
    {
        var work = Directory.CreateTempSubdirectory("bench-window-opening-");
        try
        {
            await using var app = await AppServer.StartAsync(options, work.FullName, "sustained");
            Progress($"sustained: preparing {options.SustainedRounds} rounds × {options.Count} drafts");
            var clock = Stopwatch.StartNew();
            var givens = await Preparation.GivensAsync(app.Db, options.Count, options.SustainedRounds, ct);
            var (applicants, draftsPerRound) = await Preparation.DraftsAsync(app.BaseAddress, givens, ct);
            foreach (var applicant in applicants) applicant.Client.Dispose();
            Progress($"sustained: prepared in {clock.Elapsed.TotalSeconds:F0} s; floor for {duration.TotalSeconds:F0} s over {options.Lanes} connections");

            var floor = await Floor.SustainedAsync(work.FullName, options.Lanes, duration);

            Progress($"sustained: app for {duration.TotalSeconds:F0} s over {options.Lanes} connections");
            var queue = new System.Collections.Concurrent.ConcurrentQueue<PreparedDraft>(draftsPerRound.SelectMany(d => d));
            var lanes = Enumerable.Range(0, options.Lanes).Select(_ => BurstClient.Connection(app.BaseAddress, null)).ToList();
            await BurstClient.OpenConnectionsAsync(lanes, "/css/site.css");
            var cpuBefore = ProcessMeter.Cpu(app.Process.Pid);
            var result = await BurstClient.SustainedAsync(lanes, () => queue.TryDequeue(out var d) ? WithCookies(d, app.BaseAddress) : null, duration);
            var cpu = ProcessMeter.Cpu(app.Process.Pid) - cpuBefore;
            foreach (var lane in lanes) lane.Dispose();

            // Each round on its own (its kenmerken 1..M for the M it received); together they hold every successful submission.
            var violations = new List<string>();
            var received = 0;
            foreach (var roundId in givens.RoundIds)
            {
                var submitted = await app.Db.QuerySingleOrDefaultAsync<int>(Verification.SubmittedSql, new { roundId }, ct);
                received += submitted;
                violations.AddRange((await Verification.CheckAsync(app.Db, roundId, submitted, ct)).Select(v => $"round {roundId}: {v}"));
            }
            var total = draftsPerRound.Sum(d => d.Count);
            var taken = total - queue.Count; // each draft taken from the queue was submitted once
            if (received != result.Sent - result.Errors) violations.Add($"{received} applications have a kenmerk, {result.Sent - result.Errors} submissions succeeded");
            if (result.Sent != taken) violations.Add($"{result.Sent} answers for {taken} submissions sent");
            return new SustainedOutcome(duration, options.Lanes, total, floor, result, cpu, violations);
        }
        finally
        {
            if (options.Keep) Progress($"kept {work.FullName}");
            else work.Delete(recursive: true);
        }
    }

    /// <summary>The draft's submission on a shared connection: the user's own cookies go with the request.</summary>
    private static Shot WithCookies(PreparedDraft draft, Uri baseAddress) => new(() =>
    {
        var request = draft.SubmitRequest();
        request.Headers.Add("Cookie", draft.Applicant.Cookies.GetCookieHeader(baseAddress));
        return request;
    }, location => location == draft.ReceiptPath);

    public static void Progress(string message) => Console.Error.WriteLine($"[{TimeProvider.System.GetLocalNow():HH:mm:ss}] {message}");
}
