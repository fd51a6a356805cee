using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using Hangfire;

namespace GrantAdmin.Web.Features.Decisions;

/// <summary>
/// The office sends the letters of approved decisions that wait (approved "later verzenden", or failed for good in
/// an earlier run) in one verzendronde: all of them or a chosen few. The run is a background job; its page shows
/// how far it is (verzonden / te doen / mislukt) and each letter's status, and refreshes itself while it runs.
/// </summary>
public static class SendLetters
{
    public const string All = "alle";
    public const string Selection = "selectie";

    /// <summary>Scope: all waiting decisions, or the selection in DecisionIds.</summary>
    public sealed record Form([MaxText(TextSize.Value)] string? Scope, int[]? DecisionIds);

    public sealed record Run(int Id, DateTime CreatedAtUtc, string CreatedBy, string Origin, int ItemCount, DateTime? FinishedAtUtc,
        int Sent, int Failed, int Skipped)
    {
        public int ToDo => ItemCount - Sent - Failed - Skipped;
    }

    public sealed record Page(IReadOnlyList<DecisionDispatch.Waiting> Waiting, IReadOnlyList<Run> Runs, Form Form);

    public sealed record Letter(int ItemId, int DecisionId, int ApplicationId, string Kenmerk, string MunicipalityName, string Kind, string Status,
        int Attempts, DateTime NextAttemptAtUtc, DateTime? ClaimedUntilUtc, string? LastError, DateTime? SentAtUtc)
    {
        public DecisionKind KindValue => Enum.Parse<DecisionKind>(Kind);
    }

    public sealed record Progress(Run Run, DecisionDispatch.Counts Counts, IReadOnlyList<Letter> Letters)
    {
        public bool Finished => Run.FinishedAtUtc is not null;
    }

    private const string RunColumns = """
        SELECT x.id, x.created_at_utc AS CreatedAtUtc, u.display_name AS CreatedBy, x.origin, x.item_count AS ItemCount, x.finished_at_utc AS FinishedAtUtc,
               (SELECT COUNT(*) FROM decision_dispatch_items i WHERE i.dispatch_id = x.id AND i.status = 'Sent') AS Sent,
               (SELECT COUNT(*) FROM decision_dispatch_items i WHERE i.dispatch_id = x.id AND i.status = 'Failed') AS Failed,
               (SELECT COUNT(*) FROM decision_dispatch_items i WHERE i.dispatch_id = x.id AND i.status = 'Skipped') AS Skipped
        FROM decision_dispatches x JOIN users u ON u.id = x.created_by_user_id
        """;

    /// <summary>The office's runs, and the approvals' own dispatches while they are under way.</summary>
    internal const string RunsSql = RunColumns + "\nWHERE x.origin = 'Verzendronde' OR x.finished_at_utc IS NULL ORDER BY x.id DESC";

    internal const string RunSql = RunColumns + "\nWHERE x.id = @dispatchId";

    internal const string LettersSql = """
        SELECT i.id AS ItemId, i.decision_id AS DecisionId, d.application_id AS ApplicationId, a.kenmerk, m.name AS MunicipalityName, d.kind, i.status,
               i.attempts, i.next_attempt_at_utc AS NextAttemptAtUtc, i.claimed_until_utc AS ClaimedUntilUtc, i.last_error AS LastError, i.sent_at_utc AS SentAtUtc
        FROM decision_dispatch_items i JOIN decisions d ON d.id = i.decision_id JOIN applications a ON a.id = d.application_id
             JOIN municipalities m ON m.id = a.municipality_id
        WHERE i.dispatch_id = @dispatchId
        ORDER BY a.kenmerk, i.id
        """;

    public static string ProgressTitle(Run run) => "Verzendronde " + run.Id;

    public static string StatusLabel(Letter letter, DateTime nowUtc) => letter.Status switch
    {
        "Sent" => "verzonden",
        "Failed" => "mislukt",
        "Skipped" => "overgeslagen",
        _ when letter.ClaimedUntilUtc is { } until && until > nowUtc => "bezig",
        _ when letter.LastError is not null => $"mislukt, nieuwe poging om {Amsterdam.Format(letter.NextAttemptAtUtc)}",
        _ => "te doen",
    };

    public sealed class Handler(Db db, TimeProvider clock, IBackgroundJobClient jobs)
    {
        public async Task<Page> LoadAsync(Form? form, CancellationToken ct)
        {
            var waiting = await db.QueryAsync<DecisionDispatch.Waiting>(DecisionDispatch.WaitingSql, null, ct);
            var runs = await db.QueryAsync<Run>(RunsSql, null, ct);
            return new Page(waiting, runs.Take(20).ToList(), form ?? new Form(All, waiting.Select(w => w.DecisionId).ToArray()));
        }

        public Task<Run?> RunAsync(int dispatchId, CancellationToken ct) => db.QuerySingleOrDefaultAsync<Run>(RunSql, new { dispatchId }, ct);

        public async Task<Progress> ProgressAsync(Run run, CancellationToken ct)
        {
            var letters = await db.QueryAsync<Letter>(LettersSql, new { dispatchId = run.Id }, ct);
            return new Progress(run, DecisionDispatch.CountsOf(letters.GroupBy(l => l.Status).Select(g => new DecisionDispatch.StatusCount(g.Key, g.Count()))), letters);
        }

        public async Task<Outcome<int>> StartAsync(CurrentUser user, Form form, CancellationToken ct)
        {
            var chosen = form.DecisionIds ?? [];
            var errors = new Errors()
                .Add(FormLevel.Status, "Kies of u alle wachtende brieven verzendt of alleen de gekozen besluiten.", form.Scope is not (All or Selection))
                .Add(nameof(Form.DecisionIds), "Kies ten minste één besluit om te verzenden.", form.Scope == Selection && chosen.Length == 0);
            if (!errors.None) return Outcome<int>.Fail(errors);

            Outcome<int> outcome;
            try
            {
                outcome = await StartRunAsync(user, form.Scope == All ? null : chosen, ct);
            }
            catch (System.Data.Common.DbException) // SQL Server: a run started at the same moment took a decision first (ux_dispatch_items_open)
            {
                return Outcome<int>.Fail(FormLevel.Status, "Tegelijk is een andere verzendronde gestart. Bekijk de wachtende besluiten en probeer het opnieuw.");
            }
            if (outcome is { Succeeded: true, Value: var id })
                jobs.Enqueue<SendDecisionLettersJob>(j => j.ExecuteAsync(id, CancellationToken.None));
            return outcome;
        }

        private Task<Outcome<int>> StartRunAsync(CurrentUser user, IReadOnlyList<int>? chosen, CancellationToken ct) =>
            db.TryWriteAsync<int>(async w =>
            {
                var waiting = (await w.Tx.QueryAsync<DecisionDispatch.Waiting>(DecisionDispatch.WaitingSql, null, ct)).Select(w => w.DecisionId).ToList();
                var ids = chosen is null ? waiting : waiting.Intersect(chosen).ToList();
                if (ids.Count == 0)
                    return Outcome<int>.Fail(FormLevel.Status, "Er wachten geen besluiten (meer) op verzending: de brieven zijn al verzonden of onderweg.");
                var (dispatchId, _) = await DecisionDispatch.CreateAsync(w, user.Id, DecisionDispatch.FromOffice, ids,
                    clock.GetUtcNow().UtcDateTime, ct);
                return Outcome<int>.Ok(dispatchId);
            }, ct);
    }
}
