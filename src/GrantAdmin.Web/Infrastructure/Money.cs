namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// One notation for money in letters, tables, mails and screens: "€ 45.000,00" (Dutch thousands and decimal comma,
/// always with cents, so amounts line up and nobody wonders whether cents were dropped). Inputs in whole euros keep
/// their own hint ("maximaal € 50.000").
/// </summary>
public static class Money
{
    /// <summary>"€ 12.345,67"; a negative amount as "-€ 12.345,67".</summary>
    public static string Euros(long cents) => (cents < 0 ? "-" : "") + "€ " + Amount(Math.Abs(cents));

    /// <summary>A chart axis's round tick, without cents: "€ 1.500.000" (its ticks are whole by construction).</summary>
    public static string AxisEuros(long cents) => "€ " + (cents / 100).ToString("N0", Amsterdam.Culture);

    /// <summary>The amount without the sign, as a form shows it again: "12.345,67".</summary>
    public static string Amount(long cents) => (cents / 100m).ToString("N2", Amsterdam.Culture);
}
