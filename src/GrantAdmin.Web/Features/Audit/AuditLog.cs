namespace GrantAdmin.Web.Features.Audit;

/// <summary>
/// The append-only audit log (domain.md §5): who (and in which role, read from the users table in the INSERT), when,
/// what, and the value before and after where one changes. Rows are only ever inserted: no statement of the app
/// updates or deletes them (a test checks every SQL constant), a trigger refuses an UPDATE on both engines and on
/// SQL Server the application's user is denied UPDATE and DELETE (migration 0005). Rows are written only by
/// <see cref="Infrastructure.Writes.Write.AuditAsync"/>.
/// </summary>
public static class AuditLog
{
    /// <summary>One audit row; <see cref="RoundId"/> for a setting of a round (rows of an application find their round through it).</summary>
    public sealed record Entry(string Action, int? UserId, int? ApplicationId = null, int? MunicipalityId = null, int? RoundId = null,
        string? Details = null, string? Before = null, string? After = null);

    /// <summary>The longest text an audit row keeps of a free-text value; anything longer is cut and marked, so no request can fill the log.</summary>
    public const int MaxDetailsLength = 4000;

    public static string? Bounded(string? details) =>
        details is { Length: > MaxDetailsLength } ? details[..(MaxDetailsLength - 1)] + "…" : details;
}
