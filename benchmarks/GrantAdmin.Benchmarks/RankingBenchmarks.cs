using BenchmarkDotNet.Attributes;
using GrantAdmin.Web.Features.Ranking;

namespace GrantAdmin.Benchmarks;

/// <summary>
/// The engine's full recomputation over a 100,000-application round (what every position-changing event
/// costs on top of its I/O), and the auditor's path: replay the ledger, then compute.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5), MemoryDiagnoser, MinColumn, MedianColumn]
public class RankingBenchmarks
{
    private const int Applications = 100_000;
    private IReadOnlyList<RankingInput> inputs = [];
    private IReadOnlyList<LedgerEntry> ledger = [];
    private RoundPolicy policy = null!;

    [Params(TiePolicy.ExactMoment, TiePolicy.SameDayLottery)]
    public TiePolicy Tie { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ledger = SyntheticRound.LedgerOf(SyntheticRound.Applications(Applications), roundId: 1, applicationIdOf: n => n).Select(e => e.Entry).ToList();
        inputs = Ledger.Replay(ledger);
        policy = SyntheticRound.Policy(Tie);
    }

    [Benchmark(Description = "Compute, 100k applications")]
    public RankingResult Compute() => RankingEngine.Compute(policy, inputs);

    [Benchmark(Description = "Replay ledger + Compute")]
    public RankingResult ReplayAndCompute() => RankingEngine.Compute(policy, Ledger.Replay(ledger));
}
