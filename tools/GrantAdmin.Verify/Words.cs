using System.Globalization;
using GrantAdmin.Web.Features.Ranking;

namespace GrantAdmin.Verify;

/// <summary>How the verifier says things, in Dutch.</summary>
public static class Words
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public static string Money(long cents) => "€ " + (cents / 100m).ToString("N2", Dutch);

    public static string Allocation(string allocation) => Enum.Parse<Web.Features.Ranking.Allocation>(allocation) switch
    {
        Web.Features.Ranking.Allocation.NotYetComplete => "nog niet beoordeeld",
        Web.Features.Ranking.Allocation.Reserved => "gereserveerd",
        Web.Features.Ranking.Allocation.PartiallyReserved => "deels gereserveerd (het restant)",
        Web.Features.Ranking.Allocation.NoRoom => "wachtlijst: geen ruimte onder het plafond",
        Web.Features.Ranking.Allocation.Granted => "verleend",
        _ => allocation,
    };
}
