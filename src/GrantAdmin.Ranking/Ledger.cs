using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GrantAdmin.Web.Features.Ranking;

/// <summary>The events that can change a position (domain.md §2). Stored by name in the ranking ledger.</summary>
public enum LedgerEvent
{
    Ontvangen,
    AanvullingGevraagd,
    AanvullingOntvangen,
    Volledig,
    Ingetrokken,
    Afgewezen,
    BuitenBehandeling,
    Verleend,
}

/// <summary>One row of the append-only ranking ledger; each row carries the hash of the one before it.</summary>
public sealed record LedgerEntry(int Sequence, int ApplicationId, int KenmerkNumber, LedgerEvent Event, DateTime MomentUtc, long AmountCents,
    string PreviousHash, string Hash);

public static class Ledger
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The hash of a row: its fields in a fixed text form, chained to the previous row's hash.</summary>
    public static string HashOf(string previousHash, int roundId, int applicationId, int kenmerkNumber, LedgerEvent @event, DateTime momentUtc, long amountCents)
    {
        var canonical = string.Join('|', previousHash, roundId.ToString(CultureInfo.InvariantCulture), applicationId.ToString(CultureInfo.InvariantCulture),
            kenmerkNumber.ToString(CultureInfo.InvariantCulture), @event.ToString(),
            FormatMoment(momentUtc),
            amountCents.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>A moment as the hash reads it (UTC, to the microsecond); the published ledger states it the same way.</summary>
    public static string FormatMoment(DateTime momentUtc) =>
        DateTime.SpecifyKind(momentUtc, DateTimeKind.Utc).ToString(MomentFormat, CultureInfo.InvariantCulture);

    public static DateTime ParseMoment(string text) =>
        DateTime.ParseExact(text, MomentFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private const string MomentFormat = "yyyy-MM-ddTHH:mm:ss.ffffffZ";

    /// <summary>Folds the ledger, in order, into each application's ranking facts.</summary>
    public static IReadOnlyList<RankingInput> Replay(IEnumerable<LedgerEntry> entries)
    {
        var state = new Dictionary<int, RankingInput>();
        foreach (var e in entries.OrderBy(e => e.Sequence))
        {
            state.TryGetValue(e.ApplicationId, out var current);
            state[e.ApplicationId] = e.Event switch
            {
                LedgerEvent.Ontvangen => new RankingInput(e.ApplicationId, e.KenmerkNumber, e.AmountCents, RankingStatus.Received, e.MomentUtc),
                LedgerEvent.AanvullingGevraagd => Require(current, e) with { Status = RankingStatus.AwaitingCompletion, RankingMomentUtc = null },
                LedgerEvent.AanvullingOntvangen => Require(current, e) with { Status = RankingStatus.Received, RankingMomentUtc = e.MomentUtc },
                LedgerEvent.Volledig => Require(current, e) with { Status = RankingStatus.Complete, RankingMomentUtc = e.MomentUtc },
                LedgerEvent.Verleend => Require(current, e) with { Status = RankingStatus.Granted, GrantedCents = e.AmountCents },
                LedgerEvent.Ingetrokken or LedgerEvent.Afgewezen or LedgerEvent.BuitenBehandeling =>
                    Require(current, e) with { Status = RankingStatus.Released, RankingMomentUtc = null }, // out of the ranking: no moment
                _ => throw new InvalidOperationException($"Unknown ledger event {e.Event}."),
            };
        }
        return state.Values.OrderBy(a => a.ApplicationId).ToList();
    }

    /// <summary>The first row whose stored hash is not the hash of its own fields and predecessor; null when the chain holds.</summary>
    public static LedgerEntry? FirstBrokenLink(int roundId, IEnumerable<LedgerEntry> entries)
    {
        var previous = GenesisHash;
        foreach (var e in entries.OrderBy(e => e.Sequence))
        {
            if (e.PreviousHash != previous || e.Hash != HashOf(previous, roundId, e.ApplicationId, e.KenmerkNumber, e.Event, e.MomentUtc, e.AmountCents))
                return e;
            previous = e.Hash;
        }
        return null;
    }

    private static RankingInput Require(RankingInput? current, LedgerEntry e) =>
        current ?? throw new InvalidOperationException($"Ledger row {e.Sequence}: {e.Event} for application {e.ApplicationId} before it was received.");
}
