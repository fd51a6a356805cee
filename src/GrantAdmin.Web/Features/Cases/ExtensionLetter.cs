using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Cases;

/// <summary>The notice of extension (Awb 4:14(3)): the term is extended once, why, and the new last day of the decision term.</summary>
public sealed class ExtensionLetter(Db db)
{
    /// <summary>One per application: the term is extended once.</summary>
    public const string Kind = "Verdaging";
    public const string ViewPath = "/Features/Cases/ExtensionLetter.cshtml";

    public sealed record Model(string Kenmerk, string MunicipalityName, string? ContactName, string RoundName, string RuleVersion,
        DateTime ExtendedAtUtc, int Weeks, string Reason, DateOnly DueBefore, DateOnly DueAfter)
    {
        public string FileName => $"verdaging-{Kenmerk}.pdf";
        public string LetterDate => Amsterdam.FormatDate(DateOnly.FromDateTime(Amsterdam.ToLocal(ExtendedAtUtc)));
        public string Before => Amsterdam.FormatDate(DueBefore);
        public string After => Amsterdam.FormatDate(DueAfter);
    }

    /// <summary>The last day the extension letter announced; null when the term was not extended.</summary>
    internal const string ExtendedUntilSql = """
        SELECT decision_due_after_extension_on FROM applications WHERE id = @applicationId AND decision_due_after_extension_on IS NOT NULL
        """;

    internal const string ModelSql = """
        SELECT a.kenmerk, m.name AS MunicipalityName, a.contact_name AS ContactName, r.name AS RoundName, r.rule_version AS RuleVersion,
               a.decision_extended_at_utc AS ExtendedAtUtc, a.decision_extension_weeks AS Weeks, a.decision_extension_reason AS Reason,
               a.decision_due_before_extension_on AS DueBefore, a.decision_due_after_extension_on AS DueAfter
        FROM applications a
        JOIN municipalities m ON m.id = a.municipality_id
        JOIN rounds r ON r.id = a.round_id
        WHERE a.id = @applicationId AND a.decision_extension_weeks IS NOT NULL AND a.decision_due_after_extension_on IS NOT NULL
        """;

    public async Task<Model?> LoadModelAsync(int applicationId, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<Model>(ModelSql, new { applicationId }, ct) is { } m
            ? m with { ExtendedAtUtc = DateTime.SpecifyKind(m.ExtendedAtUtc, DateTimeKind.Utc) }
            : null;
}
