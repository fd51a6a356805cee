using System.ComponentModel.DataAnnotations;
namespace GrantAdmin.Web.Features.Settlement;

/// <summary>Policy of the settlement (configuration section <c>Settlement</c>).</summary>
public sealed class SettlementSettings
{
    /// <summary>Weeks after the vaststelling letter within which an amount is to be paid back (default 6, as the bezwaar term).</summary>
    [Range(1, 52)] public int PaybackWeeks { get; set; } = 6;

    /// <summary>
    /// Days before the SiSa due date (15 July) that the reminder about unrecorded spending goes out; default 28 and 7.
    /// Nullable so that configuration replaces the default instead of appending to it.
    /// </summary>
    public int[]? SisaReminderDaysBefore { get; set; }

    public int[] ReminderDaysBefore => SisaReminderDaysBefore is { Length: > 0 } days ? days : [28, 7];
}
