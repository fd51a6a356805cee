using System.Globalization;
using static GrantAdmin.Benchmarks.WindowOpening;

namespace GrantAdmin.Benchmarks;

/// <summary>What ops/bench-window-opening prints: a table per run as it finishes, then the medians and the ratios app/floor, ready for docs/performance.md.</summary>
public sealed class BenchReport(Options options)
{
    private const string TableHeader = """
        | run | target | N | wall ms | p50 ms | p95 ms | p99 ms | max ms | errors | CPU ms/req | child CPU ms/req | load 1 min before → after |
        |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
        """;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public void Header()
    {
        var command = Environment.GetEnvironmentVariable("BENCH_COMMAND") ?? "GrantAdmin.Benchmarks " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
        Console.WriteLine($"Command: {command}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, CLK_TCK {ProcessMeter.TicksPerSecond}, " +
            $"{TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC; N = {options.Count}, {options.Repeat} run(s), each on a fresh database " +
            $"in {Path.GetTempPath()} ({ProcessMeter.FileSystemOf(Path.GetTempPath())})");
        Console.WriteLine();
    }

    public void Repetition(Repetition r)
    {
        Console.WriteLine($"Run {r.Number}");
        Console.WriteLine();
        Console.WriteLine(TableHeader);
        foreach (var m in new[] { r.FloorBefore, r.App, r.FloorAfter }) Console.WriteLine(Row(r.Number.ToString(Invariant), m));
        Console.WriteLine();
        foreach (var m in new[] { r.FloorBefore, r.App, r.FloorAfter })
            Console.WriteLine($"- {m.Target}: all requests sent within {m.LastSentMs:F0} ms of the release; rows recorded from +{m.FirstRecordedMs:F0} to " +
                $"+{m.LastRecordedMs:F0} ms; first answer read at +{m.FirstAnswerMs:F0} ms" + (m.Errors > 0 ? $"; {m.Errors} errors, first: {m.ErrorText}" : ""));
        Console.WriteLine($"- {r.Mails}");
        Console.WriteLine(r.Violations.Count == 0 ? "- verification: klopt" : $"- verification: {r.Violations.Count} violation(s):");
        foreach (var v in r.Violations.Take(25)) Console.WriteLine($"  - {v}");
        if (r.Violations.Count > 25) Console.WriteLine($"  - … and {r.Violations.Count - 25} more");
        Console.WriteLine();
    }

    public void Summary(IReadOnlyList<Repetition> runs)
    {
        var label = $"median of {runs.Count}";
        var before = Median("floor (before)", runs.Select(r => r.FloorBefore).ToList());
        var app = Median("app", runs.Select(r => r.App).ToList());
        var after = Median("floor (after)", runs.Select(r => r.FloorAfter).ToList());
        Console.WriteLine("Summary: each column is the median over the runs");
        Console.WriteLine();
        Console.WriteLine(TableHeader);
        foreach (var m in new[] { before, app, after }) Console.WriteLine(Row(label, m));
        Console.WriteLine();
        Console.WriteLine("| app ÷ floor (medians) | wall | p99 | CPU per request |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var floor in new[] { before, after })
            Console.WriteLine($"| vs {floor.Target} | {Ratio(app.WallMs, floor.WallMs)} | {Ratio(app.Latency.P99, floor.Latency.P99)} | {Ratio(app.CpuMsPerRequest, floor.CpuMsPerRequest)} |");
        Console.WriteLine();
        Console.WriteLine($"Verification: {(runs.All(r => r.Violations.Count == 0) ? $"klopt in all {runs.Count} runs" : $"violations in {runs.Count(r => r.Violations.Count > 0)} of {runs.Count} runs")}; " +
            $"app errors: {string.Join(", ", runs.Select(r => r.App.Errors))}");
        Console.WriteLine("Receipt mails (SMTP sink on 127.0.0.1; each mail carries its receipt PDF, rendered by Chromium): " + string.Join("; ", runs.Select(r => r.Mails)));
        Console.WriteLine();
    }

    public void Sustained(SustainedOutcome s)
    {
        var floor = s.Floor.Result;
        Console.WriteLine($"Sustained: {s.Lanes} connections for at most {s.Duration.TotalSeconds:F0} s; app from {s.Drafts} prepared drafts " +
            $"({options.SustainedRounds} open rounds × {options.Count}), each request with its own user's cookies");
        Console.WriteLine();
        Console.WriteLine("| target | seconds | answers | errors | per second | p50 ms | p95 ms | p99 ms | max ms | CPU ms/req | child CPU ms/req |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(SustainedRow("floor", floor, s.Floor.Cpu));
        Console.WriteLine(SustainedRow("app", s.App, s.AppCpu));
        Console.WriteLine();
        Console.WriteLine("| app ÷ floor (sustained) | per second | p99 | CPU per request |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| {s.Lanes} connections | {Ratio(s.App.PerSecond, floor.PerSecond)} | {Ratio(s.App.Latency.P99, floor.Latency.P99)} | " +
            $"{Ratio(s.AppCpu.OwnMs / Math.Max(1, s.App.Sent), s.Floor.Cpu.OwnMs / Math.Max(1, floor.Sent))} |");
        Console.WriteLine();
        if (s.App.ElapsedSeconds < s.Duration.TotalSeconds)
            Console.WriteLine($"- app: all {s.Drafts} prepared drafts were submitted after {s.App.ElapsedSeconds:F1} s, before the {s.Duration.TotalSeconds:F0} s were up");
        if (s.App.Errors > 0) Console.WriteLine($"- app: {s.App.Errors} errors; first: {s.App.FirstErrors}");
        if (floor.Errors > 0) Console.WriteLine($"- floor: {floor.Errors} errors; first: {floor.FirstErrors}");
        Console.WriteLine(s.Violations.Count == 0 ? "- verification (every round): klopt" : $"- verification: {s.Violations.Count} violation(s):");
        foreach (var v in s.Violations.Take(25)) Console.WriteLine($"  - {v}");
        Console.WriteLine();
    }

    private static string Row(string run, Measurement m) =>
        $"| {run} | {m.Target} | {m.N} | {m.WallMs:F0} | {m.Latency.P50:F1} | {m.Latency.P95:F1} | {m.Latency.P99:F1} | {m.Latency.Max:F1} | {m.Errors} | " +
        $"{m.CpuMsPerRequest:F2} | {m.ChildCpuMsPerRequest:F2} | {m.LoadBefore:F2} → {m.LoadAfter:F2} |";

    private static string SustainedRow(string target, SustainedResult r, ProcessMeter.CpuSample cpu) =>
        $"| {target} | {r.ElapsedSeconds:F1} | {r.Sent} | {r.Errors} | {r.PerSecond:F1} | {r.Latency.P50:F1} | {r.Latency.P95:F1} | {r.Latency.P99:F1} | " +
        $"{r.Latency.Max:F1} | {cpu.OwnMs / Math.Max(1, r.Sent):F2} | {cpu.ChildMs / Math.Max(1, r.Sent):F2} |";

    private static Measurement Median(string target, IReadOnlyList<Measurement> runs)
    {
        double M(Func<Measurement, double> f)
        {
            var sorted = runs.Select(f).Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
        return new Measurement(target, runs[0].N, M(m => m.WallMs), new Latencies(M(m => m.Latency.P50), M(m => m.Latency.P95), M(m => m.Latency.P99), M(m => m.Latency.Max)),
            (int)M(m => m.Errors), "", M(m => m.CpuMsPerRequest), M(m => m.ChildCpuMsPerRequest), M(m => m.LoadBefore), M(m => m.LoadAfter),
            M(m => m.LastSentMs), M(m => m.FirstAnswerMs), M(m => m.FirstRecordedMs ?? double.NaN), M(m => m.LastRecordedMs ?? double.NaN));
    }

    private static string Ratio(double a, double b) =>
        b > 0 ? (a / b < 1 ? (a / b).ToString("G2", Invariant) : (a / b).ToString("F1", Invariant)) + "×" : "—";
}
