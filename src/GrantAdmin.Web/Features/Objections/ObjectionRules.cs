using GrantAdmin.Web.Features.Deadlines;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Objections;

public enum ObjectionOutcome { Gegrond, Ongegrond, NietOntvankelijk, Ingetrokken }

/// <summary>
/// The bezwaar rules as plain functions of dates (Europe/Amsterdam calendar days) and the Atw's designated days:
/// in time or late (Awb 6:7, 6:8, 6:9), the handling term (7:10(1)) and its one extension (7:10(3)).
/// </summary>
public static class ObjectionRules
{
    /// <summary>Awb 7:10(1): six weeks (no advisory committee of 7:13 for this scheme).</summary>
    public const int HandlingWeeks = 6;

    /// <summary>Awb 7:10(3): the decision on the bezwaar may be deferred once, by at most six weeks.</summary>
    public const int ExtensionWeeks = 6;

    /// <summary>Awb 6:9(2): one posted in time is in time when it arrives within a week after the term.</summary>
    public const int PostalGraceDays = 7;

    /// <summary>
    /// Awb 6:9(1): in time when received on or before the last day. 6:9(2): a bezwaar sent by post is also in time
    /// when it was posted on or before the last day and received within a week after it (that week again per the Atw).
    /// </summary>
    public static bool IsLate(DateOnly objectionDueOn, DateOnly receivedOn, DateOnly? postedOn, IReadOnlySet<DateOnly> designatedDays)
    {
        if (receivedOn <= objectionDueOn) return false;
        return !(postedOn is { } posted && posted <= objectionDueOn
            && receivedOn <= Terms.End(objectionDueOn, PostalGraceDays, designatedDays));
    }

    /// <summary>
    /// Awb 7:10(1): six weeks from the day after the objection term ended (literally, also for a late bezwaar);
    /// with the one extension of 7:10(3) the term counts twelve weeks from that day. The end moves per the Atw.
    /// </summary>
    public static DateOnly HandlingDeadline(DateOnly objectionDueOn, bool extended, IReadOnlySet<DateOnly> designatedDays) =>
        Terms.End(objectionDueOn, (HandlingWeeks + (extended ? ExtensionWeeks : 0)) * 7, designatedDays);

    /// <summary>Field → Dutch message for the registration: the dates against today and the decision.</summary>
    public static Errors ValidateRegistration(DateOnly? receivedOn, DateOnly? postedOn, string? filedBy, string? summary,
        DateOnly decisionSentOn, DateOnly today, Errors errors)
    {
        const string received = nameof(RegisterObjection.Form.ReceivedOn), posted = nameof(RegisterObjection.Form.PostedOn);
        if (receivedOn is { } r)
        {
            errors.Add(received, "De ontvangstdatum ligt in de toekomst. Vul de datum in waarop het bezwaarschrift binnenkwam.", r > today);
            errors.Add(received, $"De ontvangstdatum ligt vóór de verzending van het besluit op {Amsterdam.FormatDate(decisionSentOn)}. Controleer de datum.", r < decisionSentOn);
        }
        if (postedOn is { } p)
        {
            errors.Add(posted, "De datum van verzending ligt na de ontvangstdatum. Controleer de poststempel.", receivedOn is { } rr && p > rr);
            errors.Add(posted, "De datum van verzending ligt in de toekomst. Controleer de poststempel.", p > today);
            errors.Add(posted, $"De datum van verzending ligt vóór de verzending van het besluit op {Amsterdam.FormatDate(decisionSentOn)}. Controleer de poststempel.", p < decisionSentOn);
        }
        errors.Add(nameof(RegisterObjection.Form.FiledBy), "Vul in wie het bezwaar heeft ingediend.", string.IsNullOrWhiteSpace(filedBy));
        errors.Add(nameof(RegisterObjection.Form.Summary), "Vat het bezwaar kort samen.", string.IsNullOrWhiteSpace(summary));
        errors.Add(nameof(RegisterObjection.Form.Summary), "Houd de samenvatting korter dan 4000 tekens.", summary is { Length: > 4000 });
        errors.Add(nameof(RegisterObjection.Form.FiledBy), "Houd de naam korter dan 200 tekens.", filedBy is { Length: > 200 });
        return errors;
    }

    /// <summary>
    /// Awb 6:11: a late bezwaar is niet-ontvankelijk unless the lateness is excusable. So gegrond or ongegrond needs
    /// a bezwaar in time or one whose lateness the reviewer has judged excusable.
    /// </summary>
    public static bool MayJudgeOnMerits(bool isLate, bool? excusable) => !isLate || excusable == true;

    public static string Label(ObjectionOutcome outcome) => outcome switch
    {
        ObjectionOutcome.Gegrond => "gegrond",
        ObjectionOutcome.Ongegrond => "ongegrond",
        ObjectionOutcome.NietOntvankelijk => "niet-ontvankelijk",
        ObjectionOutcome.Ingetrokken => "ingetrokken",
        _ => outcome.ToString(),
    };
}
