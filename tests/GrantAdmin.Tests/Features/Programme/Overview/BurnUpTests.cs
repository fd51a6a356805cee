using GrantAdmin.Web.Features.Programme.Overview;
using GrantAdmin.Web.Features.Ranking;

namespace GrantAdmin.Tests.Features.Programme.Overview;

/// <summary>The burn-up replays the ranking ledger as it stood at the end of each Amsterdam day on which it grew.</summary>
public sealed class BurnUpTests
{
    private static readonly RoundPolicy Policy = new(100_000_00, RemainderPolicy.PartialRemainder, TiePolicy.ExactMoment, null);

    private static OverviewCharts.LedgerRow Row(int sequence, int application, LedgerEvent e, string recordedUtc, long amount, string? momentUtc = null) =>
        new(1, sequence, application, application, e.ToString(), DateTime.Parse(momentUtc ?? recordedUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal),
            amount, DateTime.Parse(recordedUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal));

    [Fact]
    public void Reservations_GrantsAndReleases_ShowOnTheDayTheyHappened()
    {
        var ledger = new[]
        {
            Row(1, 1, LedgerEvent.Ontvangen, "2023-01-02T09:00:00Z", 50_000_00),
            Row(2, 1, LedgerEvent.Volledig, "2023-01-02T15:00:00Z", 50_000_00, "2023-01-02T09:00:00Z"),
            Row(3, 2, LedgerEvent.Ontvangen, "2023-01-03T09:00:00Z", 30_000_00),
            Row(4, 1, LedgerEvent.Verleend, "2023-01-03T10:00:00Z", 50_000_00),
            Row(5, 2, LedgerEvent.Volledig, "2023-01-03T23:30:00Z", 30_000_00, "2023-01-03T09:00:00Z"), // 4 Jan, 00:30 in Amsterdam
            Row(6, 2, LedgerEvent.Ingetrokken, "2023-01-05T09:00:00Z", 30_000_00),
        };

        var points = OverviewCharts.BurnUp(Policy, ledger);

        Assert.Equal(
        [
            new(new DateOnly(2023, 1, 2), 100_000_00, 0, 50_000_00),
            new(new DateOnly(2023, 1, 3), 100_000_00, 50_000_00, 0),
            new(new DateOnly(2023, 1, 4), 100_000_00, 50_000_00, 30_000_00),
            new OverviewCharts.BurnUpPoint(new DateOnly(2023, 1, 5), 100_000_00, 50_000_00, 0),
        ], points);
    }

    [Fact]
    public void EmptyLedger_HasNoPoints() => Assert.Empty(OverviewCharts.BurnUp(Policy, []));
}
