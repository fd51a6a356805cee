using System.Text.Json;
using GrantAdmin.Web.Features.Ranking;

namespace GrantAdmin.Verify;

/// <summary>
/// <c>dotnet run --project tools/GrantAdmin.Verify -- grootboek-2023.json [--anker eerder-gedownload.json]</c>. Exit code 0:
/// klopt; 1: klopt niet; 2: the file could not be read.
/// </summary>
public static class Cli
{
    public static int Main(string[] args) => Run(args, Console.Out);

    public static int Run(string[] args, TextWriter output)
    {
        if (args.Length is not (1 or 3) || (args.Length == 3 && args[1] != "--anker"))
        {
            output.WriteLine("Gebruik: GrantAdmin.Verify grootboek.json [--anker eerder-gedownload-grootboek.json]");
            return 2;
        }
        if (Read(args[0], output) is not { } ledger) return 2;
        IReadOnlyList<PublishedLedger.Anchor> saved = [];
        if (args.Length == 3)
        {
            if (Read(args[2], output) is not { } earlier) return 2;
            saved = earlier.Anchors;
        }

        var report = Verifier.Check(ledger, saved);
        Print(ledger, report, output);
        output.WriteLine();
        output.WriteLine(report.Holds ? "klopt" : "klopt niet");
        output.WriteLine(report.Finding);
        return report.Holds ? 0 : 1;
    }

    private static PublishedLedger? Read(string path, TextWriter output)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var ledger = JsonSerializer.Deserialize<PublishedLedger>(stream, PublishedLedger.Json)!;
            // Parse every event now, so an unreadable event is reported here rather than half-way through the check.
            _ = ledger.Events.Select((e, i) => e.ToEntry(i + 1)).ToList();
            _ = ledger.Round.Policy;
            return ledger;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException or ArgumentException)
        {
            output.WriteLine($"{path} is geen leesbaar grootboek (formaat versie {PublishedLedger.CurrentVersion}): {e.Message}");
            return null;
        }
    }

    private static void Print(PublishedLedger ledger, Verifier.Report report, TextWriter output)
    {
        var r = ledger.Round;
        output.WriteLine($"{r.Name} ({r.OpensOn} t/m {r.ClosesOn}), plafond {Words.Money(r.CeilingCents)}; restant: {r.RemainderPolicy}; gelijke dag: {r.TiePolicy}");
        output.WriteLine($"{ledger.Events.Count} gebeurtenissen, laatste hash {ledger.HeadHash}");
        if (report.Ranking is not { } ranking) return;

        var byApplication = ledger.Events.GroupBy(e => e.ApplicationId).ToDictionary(g => g.Key, g => g.First());
        string Who(int applicationId) => byApplication[applicationId] is var e ? $"{e.Kenmerk}  {e.Municipality} ({e.CbsCode})" : "";
        output.WriteLine();
        output.WriteLine("Rangorde (herberekend):");
        foreach (var p in ranking.Positions)
            output.WriteLine($"{p.Number,5}{(p.IsProvisional ? "*" : " ")} {Who(p.ApplicationId)}  {Words.Allocation(p.Allocation.ToString())}  {Words.Money(p.ReservedCents)}");
        output.WriteLine("      * voorlopig: een eerdere aanvraag is nog niet beoordeeld");
        var waiting = ranking.Positions.Where(p => p.Allocation == Allocation.NoRoom).ToList();
        output.WriteLine();
        output.WriteLine(waiting.Count == 0 ? "Wachtlijst: leeg" : "Wachtlijst (volledig, geen ruimte onder het plafond):");
        foreach (var p in waiting) output.WriteLine($"{p.Number,5}  {Who(p.ApplicationId)}");
        output.WriteLine();
        output.WriteLine($"Plafond {Words.Money(ranking.CeilingCents)}, verleend {Words.Money(ranking.GrantedCents)}, gereserveerd {Words.Money(ranking.ReservedCents)}, " +
            $"beschikbaar {Words.Money(ranking.AvailableCents)}");
    }
}
