using GrantAdmin.Web.Features.Audit;
using System.Globalization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Deadlines;

/// <summary>
/// Algemene termijnenwet art. 3(3): the days designated by royal decree (published in the Staatscourant). GrantAdmin ships
/// the decrees' days of 2021–2030 (ReferenceData/aangewezen-dagen.csv, loaded into designated_days on every start: the
/// one source of the Friday after Hemelvaartsdag too); the beheerder adds any later decree's days. Every term computed
/// after a change takes them into account.
/// </summary>
public static class DesignatedDays
{
    public sealed record Form([MaxText(TextSize.Value)] string? Day, [MaxText(TextSize.Name)] string? Description);
    public sealed record Line(DateOnly Day, string Description);
    public sealed record Row(DateOnly Day, string Description, Shipped? Shipped);
    public sealed record Page(IReadOnlyList<Row> Days, Form Form);

    /// <summary>A day shipped with the app: the decree that designates it, and whether we could confirm that (status "bevestigd").</summary>
    public sealed record Shipped(DateOnly Day, string Decree, string Publication, bool Confirmed, string Source, string Note);

    public static IReadOnlyList<Shipped> ShippedDays { get; } = [.. ReferenceData.ReferenceDataLoader.ReadCsv("aangewezen-dagen.csv").Select(r => new Shipped(
        DateOnly.ParseExact(r["day"], "yyyy-MM-dd", CultureInfo.InvariantCulture), r["decree"], r["publication"],
        r["status"] switch { "bevestigd" => true, "niet bevestigd" => false, var other => throw new InvalidDataException($"Unknown status {other}.") },
        r["source"], r["note"]))];

    private static readonly Dictionary<DateOnly, Shipped> ShippedByDay = ShippedDays.ToDictionary(d => d.Day);

    internal const string ListSql = "SELECT day, description FROM designated_days ORDER BY day";
    internal const string ExistsSql = "SELECT COUNT(*) FROM designated_days WHERE day = @day";
    internal const string InsertSql = "INSERT INTO designated_days (day, description) VALUES (@day, @description)";
    internal const string DeleteSql = "DELETE FROM designated_days WHERE day = @day";

    /// <summary>Decrees designate days a few years ahead; a later year is a typing error (and beyond what terms reach).</summary>
    public const int LastYear = 2100;

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Page> LoadAsync(Form form, CancellationToken ct) =>
            new([.. (await db.QueryAsync<Line>(ListSql, null, ct)).Select(l => new Row(l.Day, l.Description, ShippedByDay.GetValueOrDefault(l.Day)))], form);

        public async Task<Outcome<DateOnly>> AddAsync(CurrentUser admin, Form form, CancellationToken ct)
        {
            var parsed = DateOnly.TryParseExact(form.Day?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day);
            var inRange = parsed && day.Year is >= Holidays.FirstYear and <= LastYear;
            var errors = new Errors()
                .Add(nameof(Form.Day), "Vul een geldige datum in.", !parsed)
                .Add(nameof(Form.Day), $"Vul een datum in vanaf 1 januari {Holidays.FirstYear} tot en met 31 december {LastYear}.", !inRange)
                .Add(nameof(Form.Description), "Vermeld het besluit, bijvoorbeeld: Besluit van … (Stb. 2023, 123).", string.IsNullOrWhiteSpace(form.Description));
            if (inRange && (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || Holidays.IsHoliday(day, new HashSet<DateOnly>())))
                errors.Add(nameof(Form.Day), "Deze dag telt al niet mee voor termijnen (weekend of feestdag van de Algemene termijnenwet).", true);
            if (!errors.None) return Outcome<DateOnly>.Fail(errors);
            return await RefreshingDueDatesAsync(await db.TryWriteAsync<DateOnly>(async w =>
            {
                if (await w.Tx.QuerySingleAsync<int>(ExistsSql, new { day }, ct) > 0)
                    return Outcome<DateOnly>.Fail(nameof(Form.Day), "Deze dag is al aangewezen.");
                await w.Tx.ExecuteAsync(InsertSql, new { day, description = form.Description!.Trim() }, ct);
                await w.AuditAsync(clock.GetUtcNow().UtcDateTime, new AuditLog.Entry("DagAangewezen", admin.Id, Details: $"{day:yyyy-MM-dd}: {form.Description!.Trim()}"), ct);
                return Outcome<DateOnly>.Ok(day);
            }, ct), ct);
        }

        /// <summary>
        /// A day that has passed may have ended terms already: it stays, as the record of why they ended when they did. A shipped
        /// day stays too: the loader would put it back on the next start, and a decree is changed by a new release, not here.
        /// </summary>
        public async Task<Outcome<DateOnly>> RemoveAsync(CurrentUser admin, DateOnly day, CancellationToken ct)
        {
            if (ShippedByDay.ContainsKey(day))
                return Outcome<DateOnly>.Fail(Shared.FormLevel.Status, "Deze dag is meegeleverd met GrantAdmin en blijft staan.");
            if (day <= Amsterdam.Today(clock))
                return Outcome<DateOnly>.Fail(Shared.FormLevel.Status, "Een dag die al voorbij is, blijft staan: termijnen zijn ermee berekend.");
            return await RefreshingDueDatesAsync(await db.TryWriteAsync<DateOnly>(async w =>
            {
                if (await w.Tx.ExecuteAsync(DeleteSql, new { day }, ct) == 0) return Outcome<DateOnly>.Fail(Shared.FormLevel.Status, "Deze dag staat niet in de lijst.");
                await w.AuditAsync(clock.GetUtcNow().UtcDateTime, new AuditLog.Entry("AanwijzingVerwijderd", admin.Id, Details: $"{day:yyyy-MM-dd}"), ct);
                return Outcome<DateOnly>.Ok(day);
            }, ct), ct);
        }

        // The undecided cases' stored due dates follow the changed list (the queue sorts and warns on them).
        private async Task<Outcome<DateOnly>> RefreshingDueDatesAsync(Outcome<DateOnly> outcome, CancellationToken ct)
        {
            if (outcome.Succeeded) await Cases.DecisionClock.RefreshUndecidedAsync(db, ct);
            return outcome;
        }
    }
}
