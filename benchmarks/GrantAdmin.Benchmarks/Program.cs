using BenchmarkDotNet.Running;
using GrantAdmin.Benchmarks;

// dotnet run -c Release -- [BenchmarkDotNet arguments]     runs the benchmarks (e.g. --filter '*')
// dotnet run -c Release -- generate <file.db> [count]      writes the load-test database (ops/generate-applications)
if (args is ["generate", var path, .. var rest])
{
    await GenerateApplications.RunAsync(path, rest is [var count] ? int.Parse(count) : 100_000, CancellationToken.None);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(RankingBenchmarks).Assembly).Run(args);
