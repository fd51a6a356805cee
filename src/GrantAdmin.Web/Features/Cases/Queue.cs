using GrantAdmin.Web.Features.Shared;
using System.Globalization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Cases;

/// <summary>The reviewers' work queue: one round's received applications in ranking order, filtered and paged by keyset.</summary>
public static partial class Queue
{
    public const int PageSize = 50;

    private const string FilterCookie = "werkvoorraad";
    private const int MaxRememberedQuery = 2000;

    /// <summary>
    /// Remembers the queue as filtered, so the case page (across its own posts and redirects) leads back to it.
    /// Only the query is kept: the way back always goes to the queue itself.
    /// </summary>
    public static void Remember(HttpContext context)
    {
        var query = context.Request.QueryString.Value ?? "";
        if (query.Length > MaxRememberedQuery) return;
        context.Response.Cookies.Append(FilterCookie, query, new CookieOptions
        {
            Path = "/behandeling", HttpOnly = true, Secure = context.Request.IsHttps, SameSite = SameSiteMode.Strict, IsEssential = true,
        });
    }

    public static string BackLink(HttpRequest request) =>
        request.Cookies[FilterCookie] is { Length: > 1 and <= MaxRememberedQuery } query && query[0] == '?' ? "/behandeling" + query : "/behandeling";

    public sealed record Filter(string? Round, string? State, string? Province, bool Mine, bool Overdue, string? Search, int? After, int? Before);

    public sealed record Line(int Id, string Kenmerk, string MunicipalityName, string Province, bool IsKoploper, long RequestedCents,
        string State, int? Position, bool Provisional, string? Allocation, string? AssignedTo, DateOnly? DecisionDueOn, int QueueOrder)
    {
        public ApplicationState StateValue => Enum.Parse<ApplicationState>(State);
    }

    public sealed record Page(Round Round, IReadOnlyList<Round> Rounds, Filter Filter, IReadOnlyList<Line> Lines, IReadOnlyList<string> Provinces,
        bool HasNext, bool HasPrevious, DateOnly Today);

    internal const string RoundsSql = $"SELECT {Round.Columns} FROM rounds r ORDER BY r.opens_on DESC";

    // The provinces of the round's gemeente list (only those gemeenten may apply in it): a few hundred rows, where all
    // gemeenten ever loaded can be many more (the load test has one per application: 100,000).
    internal const string ProvincesSql = """
        SELECT DISTINCT m.province FROM municipality_lists l JOIN municipalities m ON m.id = l.municipality_id
        WHERE l.list_year = @listYear ORDER BY m.province
        """;

    // The other filters are always present and switched off by a NULL parameter, so the text is fixed. The keyset
    // on (round_id, queue_order) keeps each page one index range, however deep it is: its bounds are plain
    // comparisons (COALESCE to the widest range): "@after IS NULL OR queue_order > @after" hides the range from
    // SQLite's planner (and from a cached SQL Server plan), and a deep page then scans every entry before it
    // (docs/performance.md).
    internal const string LinesSql = """
        SELECT a.id, a.kenmerk, m.name AS MunicipalityName, m.province, m.is_koploper AS IsKoploper, a.requested_cents AS RequestedCents,
               a.state, a.ranking_position AS Position, a.position_provisional AS Provisional, a.allocation, u.display_name AS AssignedTo,
               a.decision_due_on AS DecisionDueOn, a.queue_order AS QueueOrder
        FROM applications a
        JOIN municipalities m ON m.id = a.municipality_id
        LEFT JOIN users u ON u.id = a.assigned_to_user_id
        WHERE a.round_id = @roundId
          AND a.queue_order > COALESCE(@after, -1)
          AND a.queue_order < COALESCE(@before, 2147483647)
          AND (@assignedTo IS NULL OR a.assigned_to_user_id = @assignedTo)
          AND (@overdueOn IS NULL OR (a.decision_due_on < @overdueOn AND a.state IN ('Ingediend', 'InBehandeling', 'Volledig', 'BesluitInVoorbereiding', 'BesluitTerAccordering')))
        """;

    // A search for a whole kenmerk is one look-up in its unique index; anything else is searched as a part of a name or
    // kenmerk (LIKE '%…%', which reads the round: 0.4 s on 100,000 applications).
    internal const string SearchLike = "AND (@pattern IS NULL OR m.name LIKE @pattern ESCAPE '\\' OR a.kenmerk LIKE @pattern ESCAPE '\\')";
    internal const string SearchKenmerk = "AND a.kenmerk = @kenmerk";

    // Only received applications are in the queue. Without a state or province filter that is said as "kenmerk IS NOT NULL",
    // which lets the queue index (round_id, queue_order, municipality_id) serve the page: it holds received applications
    // only (migration 0023).
    internal const string Received = "AND a.kenmerk IS NOT NULL";

    // With a state or province filter, drafts are left out by their state instead (a draft has no kenmerk, a received
    // application always has one), so that the received-only queue index does not apply: SQLite 3.53 rates it alike with
    // the filter's own index and walked it through every state (16 ms for a page of Zeeland + Ingediend of 96,580
    // applications, 1 ms on the state index), or every province (1.0 ms against 0.35 ms for a page of Zeeland; which one
    // won depended on the order the indexes were created in; docs/performance.md).
    internal const string NotDraft = "AND a.state <> 'Concept'";

    // The filters are joined in as fixed fragments, not as "@x IS NULL OR …": only then can an index on (round_id, state,
    // queue_order), (round_id, province, queue_order) or (round_id, province, state, queue_order) serve the page as one
    // range. The province is the application's own copy of its gemeente's (kept in step by triggers, migration 0024):
    // checked through the gemeente it walked every entry of the round or state (~1,350 for that page of Zeeland + Ingediend).
    internal const string StateFilter = "AND a.state = @state";
    internal const string ProvinceFilter = "AND a.province = @province";

    internal const string Forward = "ORDER BY a.queue_order";
    internal const string Backward = "ORDER BY a.queue_order DESC";

    public sealed class Handler(Db db, VersionedCache cache, TimeProvider clock)
    {
        public Task<Page?> LoadAsync(CurrentUser user, Filter filter, CancellationToken ct) => db.ReadAsync(tx => LoadAsync(tx, user, filter, ct), ct);

        // The rounds and the provinces of the filter change only with the reference data, yet took a third of the handler's
        // time (two queries of ~80 µs beside the lines' ~270 µs): they are kept per data version, the lines read live.
        private async Task<Page?> LoadAsync(System.Data.Common.DbTransaction tx, CurrentUser user, Filter filter, CancellationToken ct)
        {
            var version = await DataVersion.ReadAsync(tx, ct);
            var rounds = await cache.GetOrCreateAsync("werkvoorraad-rondes", version, () => tx.QueryAsync<Round>(RoundsSql, null, ct), r => r.Count * 1024L);
            var round = filter.Round is null ? rounds.FirstOrDefault(r => !r.IsDemo) ?? rounds.FirstOrDefault() : rounds.FirstOrDefault(r => r.Code == filter.Round);
            if (round is null) return null;
            var today = Amsterdam.Today(clock);
            var search = filter.Search?.Trim();
            var backwards = filter.Before is not null && filter.After is null;
            var parameters = new
            {
                roundId = round.Id, after = backwards ? null : filter.After, before = filter.Before,
                state = Codes.Parse<ApplicationState>(filter.State)?.ToString(),
                province = string.IsNullOrWhiteSpace(filter.Province) ? null : filter.Province,
                assignedTo = filter.Mine ? user.Id : (int?)null,
                overdueOn = filter.Overdue ? today : (DateOnly?)null,
                pattern = string.IsNullOrEmpty(search) ? null : "%" + EscapeLike(search) + "%",
                kenmerk = search?.ToUpperInvariant(),
                skip = 0, take = PageSize + 1,
            };
            var lines = (await tx.QueryAsync<Line>(LinesQuery(db.Dialect, parameters.state is not null, parameters.province is not null, IsWholeKenmerk(search), backwards),
                parameters, ct)).ToList();
            var more = lines.Count > PageSize;
            if (more) lines.RemoveAt(lines.Count - 1);
            if (backwards) lines.Reverse();
            var listYear = round.MunicipalityListYear;
            var provinces = await cache.GetOrCreateAsync(VersionedCache.Key("werkvoorraad-provincies", ("lijst", listYear.ToString(CultureInfo.InvariantCulture))),
                version, () => tx.QueryAsync<string>(ProvincesSql, new { listYear }, ct), p => p.Sum(name => 64L + name.Length * 2));
            return new Page(round, rounds, filter with { Round = round.Code }, lines, provinces,
                HasNext: backwards ? true : more, HasPrevious: backwards ? more : filter.After is not null, today);
        }

        /// <summary>The lines' SQL: fixed fragments only, chosen by which filters are on.</summary>
        internal static string LinesQuery(SqlDialect dialect, bool byState, bool byProvince, bool wholeKenmerk, bool backwards) =>
            LinesSql + "\n" + (byState || byProvince ? NotDraft : Received) + "\n" + (byState ? StateFilter + "\n" : "") + (byProvince ? ProvinceFilter + "\n" : "")
            + (wholeKenmerk ? SearchKenmerk : SearchLike) + "\n"
            + (backwards ? Backward : Forward) + "\n" + dialect.PageClause;

        /// <summary>PREFIX-…-NNNNNN as <see cref="ApplicationRules.Kenmerk"/> writes it: only that kenmerk can contain it.</summary>
        internal static bool IsWholeKenmerk(string? search) => search is not null && WholeKenmerk().IsMatch(search);

        // LIKE wildcards typed by the user are searched for literally (ESCAPE '\' works on both engines).
        private static string EscapeLike(string value) =>
            value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9]+(-[A-Za-z0-9]+)*-[0-9]{6}$")]
    private static partial System.Text.RegularExpressions.Regex WholeKenmerk();

    /// <summary>Days left on the decision term as the queue shows it; a paused term says so.</summary>
    public static string DaysLeft(Line line, DateOnly today)
    {
        if (line.StateValue is ApplicationState.AanvullingGevraagd or ApplicationState.BuitenBehandeling) return "gepauzeerd";
        if (StateMachine.IsDecided(line.StateValue) || line.StateValue == ApplicationState.Ingetrokken || line.DecisionDueOn is not { } due) return "—";
        return (due.DayNumber - today.DayNumber) switch
        {
            < 0 and var late => $"{-late} dagen te laat",
            0 => "vandaag",
            1 => "1 dag",
            var left => left.ToString(CultureInfo.InvariantCulture) + " dagen",
        };
    }
}
