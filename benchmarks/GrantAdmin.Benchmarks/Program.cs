using BenchmarkDotNet.Running;
using GrantAdmin.Benchmarks;

// dotnet run -c Release -- [BenchmarkDotNet arguments]     runs the benchmarks (e.g. --filter '*')
// dotnet run -c Release -- generate <file.db> [count]      writes the load-test database (ops/generate-applications)
// dotnet run -c Release -- dispatch <file.db> [count] [renders] [degree[:pages]]   measures decision letters (ops/measure-dispatch)
// dotnet run -c Release -- window-opening --app … --content-root … --smtp-port …   N submissions at once (ops/bench-window-opening)
// dotnet run -c Release -- floor <file.db> <port>         the floor server that window-opening starts as a process of its own
// dotnet run -c Release -- verify-round <file.db> <round code> <expected>   window-opening's checks on a kept database (--keep)
if (args is ["generate", var path, .. var rest])
{
    await GenerateApplications.RunAsync(path, rest is [var count] ? int.Parse(count) : 100_000, CancellationToken.None);
    return;
}
if (args is ["dispatch", var dispatchDb, .. var options])
{
    var (degree, pages) = options is [_, _, var d] ? d.Split(':') switch { [var p] => (int.Parse(p), (int?)null), [var p, var q] => (int.Parse(p), int.Parse(q)), _ => throw new ArgumentException("degree[:pages]") } : (1, null);
    await DispatchLoad.RunAsync(dispatchDb, options is [var n, ..] ? int.Parse(n) : 500, options is [_, var r, ..] ? int.Parse(r) : 200,
        degree, pages, CancellationToken.None);
    return;
}
if (args is ["window-opening", .. var windowOptions])
{
    try
    {
        Environment.ExitCode = await WindowOpening.RunAsync(windowOptions, CancellationToken.None);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        Environment.ExitCode = 2;
    }
    return;
}
if (args is ["floor", var floorDb, var floorPort])
{
    await Floor.ServeAsync(floorDb, int.Parse(floorPort, System.Globalization.CultureInfo.InvariantCulture));
    return;
}
if (args is ["verify-round", var verifyDb, var roundCode, var expected])
{
    Environment.ExitCode = await Verification.RunAsync(verifyDb, roundCode, int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(RankingBenchmarks).Assembly).Run(args);
