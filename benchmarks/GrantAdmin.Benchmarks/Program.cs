using BenchmarkDotNet.Running;
using GrantAdmin.Benchmarks;

// dotnet run -c Release -- [BenchmarkDotNet arguments]     runs the benchmarks (e.g. --filter '*')
// dotnet run -c Release -- generate <file.db> [count]      writes the load-test database (ops/generate-applications)
// dotnet run -c Release -- dispatch <file.db> [count] [renders] [degree]   measures decision letters (ops/measure-dispatch)
if (args is ["generate", var path, .. var rest])
{
    await GenerateApplications.RunAsync(path, rest is [var count] ? int.Parse(count) : 100_000, CancellationToken.None);
    return;
}
if (args is ["dispatch", var dispatchDb, .. var options])
{
    await DispatchLoad.RunAsync(dispatchDb, options is [var n, ..] ? int.Parse(n) : 500, options is [_, var r, ..] ? int.Parse(r) : 200,
        options is [_, _, var d] ? int.Parse(d) : 1, CancellationToken.None);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(RankingBenchmarks).Assembly).Run(args);
