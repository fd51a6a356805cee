using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using GrantAdmin.Tests.Features.Demo;
using GrantAdmin.Tests.Support;
using GrantAdmin.Verify;
using GrantAdmin.Web.Features.Demo;
using GrantAdmin.Web.Features.Ranking;
using Microsoft.Extensions.DependencyInjection;

namespace GrantAdmin.Tests.Features.Ranking;

/// <summary>
/// The published ledger (issue 18) of the demo's closed rounds, made through the real handlers: downloaded without login,
/// checked by the public verifier, which must agree with the app and catch each kind of tampering by name.
/// </summary>
[Collection(DevelopmentCollection.Name)]
public sealed class PublishedLedgerTests(DevelopmentApp app)
{
    private async Task<(string Json, PublishedLedger Ledger)> DownloadAsync(string round)
    {
        using (var scope = app.Services.CreateScope()) await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
        var response = await app.Client().Http.GetAsync($"/plafond/{round}/grootboek.json"); // no login
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json[..Math.Min(3000, json.Length)]);
        return (json, JsonSerializer.Deserialize<PublishedLedger>(json, PublishedLedger.Json)!);
    }

    [Theory]
    [InlineData("2022")]
    [InlineData("2023")]
    public async Task Verifier_OnAGeneratedRound_SaysKlopt_AndAgreesWithTheAppsPositions(string round)
    {
        var (_, ledger) = await DownloadAsync(round);

        var report = Verifier.Check(ledger, []);

        Assert.True(report.Holds, report.Finding);
        Assert.Contains(ledger.Events, e => e.Name == "Verleend");
        Assert.NotEmpty(ledger.Anchors);
        await using var connection = await app.Db.OpenAsync();
        var stored = (await connection.QueryAsync<(int Id, int Position, string Allocation, long Reserved)>(
            "SELECT a.id, a.ranking_position, a.allocation, a.reserved_cents FROM applications a JOIN rounds r ON r.id = a.round_id " +
            "WHERE r.code = @round AND a.ranking_position IS NOT NULL ORDER BY a.ranking_position", new { round })).ToList();
        Assert.Equal(stored, report.Ranking!.Positions.Select(p => (p.ApplicationId, p.Number, p.Allocation.ToString(), p.ReservedCents)).ToList());
    }

    [Fact]
    public async Task Cli_PrintsPositionsAndWaitingList_AndSaysKlopt()
    {
        var (json, _) = await DownloadAsync("2022");
        var file = Path.Combine(Path.GetTempPath(), $"grootboek-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json);
        try
        {
            var output = new StringWriter();
            var exit = Cli.Run([file, "--anker", file], output);

            Assert.True(exit == 0, output.ToString());
            Assert.Contains("Rangorde (herberekend):", output.ToString());
            Assert.Contains("Wachtlijst", output.ToString());
            Assert.Contains("\nklopt\n", output.ToString().ReplaceLineEndings("\n"));
        }
        finally { File.Delete(file); }
    }

    public static TheoryData<string> Tamperings => ["amount", "swap", "delete", "hash"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task Verifier_CatchesTampering_AndNamesTheEvent(string tampering)
    {
        var (_, ledger) = await DownloadAsync("2023");
        var events = ledger.Events.ToList();
        const int at = 5; // 0-based: event 6
        string expected;
        switch (tampering)
        {
            case "amount":
                events[at] = events[at] with { AmountCents = events[at].AmountCents + 100 };
                expected = $"Gebeurtenis 6 ({events[at].Name}, {events[at].Kenmerk}) past niet in de hashketen: de hash past niet bij de gegevens";
                break;
            case "swap":
                (events[at], events[at + 1]) = (events[at + 1] with { Sequence = at + 1 }, events[at] with { Sequence = at + 2 });
                expected = $"Gebeurtenis 6 ({events[at].Name}, {events[at].Kenmerk}) past niet in de hashketen: de vorige hash is niet de hash van gebeurtenis 5";
                break;
            case "delete":
                events.RemoveAt(at);
                events = events.Select((e, i) => e with { Sequence = i + 1 }).ToList();
                expected = $"Gebeurtenis 6 ({events[at].Name}, {events[at].Kenmerk}) past niet in de hashketen: de vorige hash is niet de hash van gebeurtenis 5";
                break;
            default:
                events[at] = events[at] with { Hash = new string('a', 64) };
                expected = $"Gebeurtenis 6 ({events[at].Name}, {events[at].Kenmerk}) past niet in de hashketen: de hash past niet bij de gegevens";
                break;
        }

        var report = Verifier.Check(ledger with { Events = events }, []);

        Assert.False(report.Holds);
        Assert.StartsWith(expected, report.Finding);
    }

    [Fact]
    public async Task Verifier_CatchesARewriteWithRecomputedHashes_ByASavedAnchor_AndByTheOutcome()
    {
        var (_, saved) = await DownloadAsync("2023");
        // A forger who changes an amount and recomputes every hash after it keeps the chain whole...
        var events = saved.Events.ToList();
        var grant = events.FindIndex(e => e.Name == "Verleend");
        events[grant] = events[grant] with { AmountCents = events[grant].AmountCents - 100 };
        var previous = Ledger.GenesisHash;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i].ToEntry(i + 1);
            events[i] = events[i] with { PreviousHash = previous, Hash = Ledger.HashOf(previous, saved.Round.Id, e.ApplicationId, e.KenmerkNumber, e.Event, e.MomentUtc, e.AmountCents) };
            previous = events[i].Hash;
        }
        var forged = saved with { Events = events, HeadHash = previous, Anchors = [] };

        // ...but cannot reach an anchor someone saved,
        var byAnchor = Verifier.Check(forged, saved.Anchors);
        Assert.False(byAnchor.Holds);
        Assert.StartsWith($"Het anker van {saved.Anchors.First(a => a.Sequence > grant).Day}", byAnchor.Finding); // the first day after the change
        // and, without anchors, the replayed outcome differs from the one published: named by the event behind it.
        var byOutcome = Verifier.Check(forged, []);
        Assert.False(byOutcome.Holds);
        Assert.StartsWith("Klopt niet vanaf Gebeurtenis", byOutcome.Finding);
        Assert.Contains(events[grant].Kenmerk, byOutcome.Finding);
    }

    [Fact]
    public async Task PublishedFile_ValidatesAgainstItsServedSchema()
    {
        var (json, _) = await DownloadAsync("2022");
        var served = await app.Client().Http.GetStringAsync("/plafond/" + PublishedLedger.SchemaFileName);
        Assert.Equal(PublishedLedger.SchemaText(), served);
        var schema = await NJsonSchema.JsonSchema.FromJsonAsync(served);

        Assert.Empty(schema.Validate(json));
        // The schema is strict: an extra field (say, a name) would not validate.
        var extra = JsonNode.Parse(json)!;
        extra["events"]![0]!["contactName"] = "Jan Jansen";
        Assert.NotEmpty(schema.Validate(extra.ToJsonString()));
    }

    [Fact]
    public async Task PublishedFiles_HoldNoPersonalData_InAnyField()
    {
        var (json, _) = await DownloadAsync("2023");
        var csv = await app.Client().Http.GetStringAsync("/plafond/2023/grootboek.csv");
        await using var connection = await app.Db.OpenAsync();
        var personal = (await connection.QueryAsync<string?>("""
            SELECT email FROM users UNION SELECT display_name FROM users
            UNION SELECT contact_name FROM applications UNION SELECT contact_email FROM applications UNION SELECT contact_phone FROM applications
            UNION SELECT iban FROM applications UNION SELECT withdrawal_reason FROM applications UNION SELECT decision_extension_reason FROM applications
            UNION SELECT reason FROM state_transitions UNION SELECT details FROM audit_log
            """)).OfType<string>().Where(s => s.Trim().Length >= 5).ToList();
        // A kenmerk is public (it is in the file on purpose); an audit row may consist of one.
        personal = personal.Except(await connection.QueryAsync<string>("SELECT kenmerk FROM applications WHERE kenmerk IS NOT NULL")).ToList();
        Assert.Contains(personal, p => p.Contains('@', StringComparison.Ordinal)); // the scan has something to find

        var fields = Strings(JsonNode.Parse(json)!).Concat(csv.Split('\n').SelectMany(line => line.Split(','))).ToList();

        var leaks = fields.SelectMany(f => personal.Where(p => f.Contains(p, StringComparison.OrdinalIgnoreCase)).Select(p => $"{f} ⊇ {p}")).ToList();
        Assert.Empty(leaks);
    }

    private static IEnumerable<string> Strings(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => new[] { p.Key }.Concat(p.Value is null ? [] : Strings(p.Value))),
        JsonArray a => a.OfType<JsonNode>().SelectMany(Strings),
        _ => [node.ToString()],
    };
}

/// <summary>The daily anchor: stored by the write seam when a later day's first event is appended, and shown on /plafond.</summary>
public sealed class DailyAnchorTests(TestApp app) : AppTest(app)
{
    [Fact]
    public async Task ADaysLastHash_IsStoredOnTheNextDay_AndARewriteOfTheDatabaseNoLongerReachesIt()
    {
        var (first, firstId) = await Data.CompleteDraftAsync(TestData.Utrecht);
        await TestData.SubmitAsync(first, firstId);
        App.Clock.Advance(TimeSpan.FromDays(1));
        var (second, secondId) = await Data.CompleteDraftAsync(TestData.Goes);
        await TestData.SubmitAsync(second, secondId);

        await using var connection = await App.Db.OpenAsync();
        var firstHash = await connection.QuerySingleAsync<string>("SELECT hash FROM ranking_ledger WHERE application_id = @firstId", new { firstId });
        Assert.Equal([firstHash], await connection.QueryAsync<string>("SELECT hash FROM ledger_anchors"));
        var page = await App.Client().GetAsync("/plafond");
        Assert.Contains(firstHash, page.Text("[data-testid=anchors-2023]"));

        // Someone with database access rewrites the first event and recomputes the chain and the head...
        var rows = (await connection.QueryAsync<(int Id, int ApplicationId, int KenmerkNumber, string Event, DateTime MomentUtc, long AmountCents, int RoundId)>(
            "SELECT id, application_id, kenmerk_number, event, moment_utc, amount_cents, round_id FROM ranking_ledger ORDER BY id")).ToList();
        var previous = Ledger.GenesisHash;
        foreach (var r in rows)
        {
            var amount = r.Id == rows[0].Id ? r.AmountCents - 100 : r.AmountCents;
            var hash = Ledger.HashOf(previous, r.RoundId, r.ApplicationId, r.KenmerkNumber, Enum.Parse<LedgerEvent>(r.Event), r.MomentUtc, amount);
            await connection.ExecuteAsync("UPDATE ranking_ledger SET amount_cents = @amount, previous_hash = @previous, hash = @hash WHERE id = @Id",
                new { amount, previous, hash, r.Id });
            previous = hash;
        }
        await connection.ExecuteAsync("UPDATE rounds SET ledger_head_hash = @previous WHERE code = '2023'", new { previous });

        // ...but the anchor published yesterday stays, and the verifier names it.
        var json = await App.Client().Http.GetStringAsync("/plafond/2023/grootboek.json");
        var report = Verifier.Check(JsonSerializer.Deserialize<PublishedLedger>(json, PublishedLedger.Json)!, []);
        Assert.False(report.Holds);
        Assert.StartsWith("Het anker van 2023-", report.Finding);
    }
}
