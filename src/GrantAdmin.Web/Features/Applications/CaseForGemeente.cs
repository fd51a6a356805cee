using System.Collections.Frozen;
using GrantAdmin.Web.Features.Cases;
using GrantAdmin.Web.Features.Decisions;
using GrantAdmin.Web.Features.Objections;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Infrastructure;
using SentSettlement = GrantAdmin.Web.Features.Settlement.SettlementLettersViewComponent.Sent;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>
/// The gemeente's view of its whole case (issue 15 §2): what happened and when, each letter, the decision term, the
/// position under the ceiling and what to do next. The office's internal work (assignment, checklist remarks, four-eyes,
/// returned-for-correction notes, the names of its staff) stays out: every audit action code is classified once, in
/// <see cref="Shown"/>, and of a shown row only its moment is used — never its details or who wrote it.
/// </summary>
public static class CaseForGemeente
{
    /// <summary>
    /// Every audit action code: the sentence the gemeente reads, or null when the event stays internal to the office (or is
    /// no event of a case at all). A new code must be added here (a test fails otherwise), so nothing becomes public by default.
    /// </summary>
    public static readonly FrozenDictionary<string, string?> Shown = new Dictionary<string, string?>
    {
        ["AanvraagIngediend"] = "Aanvraag ontvangen",
        ["AanvraagIngetrokken"] = "Aanvraag ingetrokken",
        ["AanvraagOpgepakt"] = null,             // assignment inside the office
        ["AanvraagToegewezen"] = null,
        ["AanvraagTeruggegeven"] = null,
        ["AanvullingIngediend"] = "Aanvulling ontvangen",
        ["AanvullingTeLaatIngediend"] = "Aanvulling ontvangen na de termijn",
        ["AanvultermijnVerstreken"] = "Termijn voor de aanvulling voorbij",
        ["AanvulverzoekVerstuurd"] = "Verzoek om aanvulling verstuurd",
        ["AanwijzingVerwijderd"] = null,         // reference data, not a case
        ["ActiviteitGewijzigd"] = null,          // the Koploper programme, not a case
        ["ActiviteitToegevoegd"] = null,
        ["AmbassadeurAangesteld"] = null,
        ["AmbassadeurContactVastgelegd"] = null,
        ["AmbassadeurDatumGewijzigd"] = null,
        ["AmbassadeurDoelToegevoegd"] = null,
        ["AmbassadeurDoelVerwijderd"] = null,
        ["AuditlogGeexporteerd"] = null,
        ["BeoordeeldVolledig"] = "Aanvraag is volledig",
        ["BeslistermijnVerdaagd"] = "Beslistermijn verlengd",
        ["BesluitGeaccordeerd"] = null,          // four eyes: the gemeente learns the decision when its letter is sent
        ["BesluitTeruggestuurd"] = null,         // returned for correction: internal
        ["BesluitVerzonden"] = "Besluit verstuurd",
        ["BesluitVoorbereid"] = null,
        ["BestedingGecorrigeerd"] = "Besteding uit de SiSa-verantwoording aangepast",
        ["BestedingVastgelegd"] = "Besteding uit de SiSa-verantwoording vastgelegd",
        ["BetaalopdrachtenGeexporteerd"] = null, // the gemeente sees its own payment instruction instead (see Timeline)
        ["BetaalpercentageGewijzigd"] = null,
        ["BezwaarBeslist"] = "Besluit op bezwaar genomen",
        ["BezwaarGeregistreerd"] = "Bezwaar ontvangen",
        ["BezwaarVerschoonbaarheid"] = "Beoordeeld of het te late bezwaar toch mag",
        ["BezwaartermijnVerdaagd"] = "Termijn voor het besluit op bezwaar verlengd",
        ["BriefVastgelegd"] = null,              // technical: each letter is linked at the event that sent it
        ["BudgetToegekend"] = null,
        ["ChecklistGemeten"] = null,
        ["ConceptGestart"] = "Concept gemaakt",
        ["ConceptOpgeslagen"] = null,            // every save of a draft: noise; the plan versions are listed on the page
        ["ContactgegevensVerwijderd"] = "Naam, e-mail en telefoon van de contactpersoon verwijderd (bewaartermijn voorbij)",
        ["DagAangewezen"] = null,
        ["DeelnemerBeeindigd"] = null,
        ["DeelnemerGewijzigd"] = null,
        ["DeelnemerToegevoegd"] = null,
        ["EmailNietVerzonden"] = null,           // operations of the office's mail server
        ["EmailVerzonden"] = null,               // the letter itself is linked at its event
        ["ExterneInlogGekoppeld"] = null,        // a beheerder's link of a login, not a case
        ["ExterneInlogOntkoppeld"] = null,       // a beheerder's removal of that link, not a case
        ["GebruikerAangemaakt"] = null,
        ["GebruikerGedeactiveerd"] = null,
        ["Ingelogd"] = null,
        ["InloggenGeblokkeerd"] = null,
        ["LichtingGewijzigd"] = null,
        ["LichtingToegevoegd"] = null,
        ["LotingzaadVastgelegd"] = null,
        ["MijlpaalGewijzigd"] = null,
        ["MijlpaalToegevoegd"] = null,
        ["OpenDataGeexporteerd"] = null,
        ["ProgrammaGeexporteerd"] = null,
        ["ProjectplanToegevoegd"] = null,        // the plan versions are listed on the page
        ["SessiesBeeindigd"] = null,
        ["TeLateAanvullingAanvaard"] = "Aanvulling na de termijn toch in behandeling genomen",
        ["TeLateAanvullingBeleidGewijzigd"] = null, // a round's setting, not a case
        ["StatusGewijzigd"] = null,              // its reasons are the office's notes; the events above tell the story
        ["UitgaveGeboekt"] = null,
        ["VaststellingGeaccordeerd"] = "Uitkering vastgesteld", // the settlement letter is sent on approval
        ["VaststellingTeruggestuurd"] = null,
        ["VaststellingVoorbereid"] = null,
        ["VerzendrondeAfgerond"] = null,
        ["VerzendrondeGestart"] = null,
        ["VoortgangThemaOpgeslagen"] = null,
        ["WachtwoordGewijzigd"] = null,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>An audit row as this page reads it: its moment and code only.</summary>
    public sealed record AuditRow(DateTime OccurredAtUtc, string Action);

    public sealed record Letter(string Kind, string Title);

    public sealed record Event(DateTime AtUtc, string What, IReadOnlyList<string> Details, Letter? Letter);

    public sealed record Payment(long AmountCents, DateTime ExportedAtUtc);

    /// <summary>The public facts the events refer to, each list in the order its events were audited.</summary>
    public sealed record Facts(IReadOnlyList<CompletionRequestLetter.Model> Requests, IReadOnlyList<CaseFile.Request> RequestStates,
        IReadOnlyList<DecisionPanel.Line> SentDecisions, IReadOnlyList<ObjectionQueries.Line> Objections, IReadOnlyList<SentSettlement> Settlements,
        DateOnly? ExtendedUntil, string? WithdrawalReason, Payment? Payment);

    public sealed record NextStep(string Text, DateOnly? By);

    public sealed record Page(IReadOnlyList<Event> Timeline, NextStep Next, DateOnly? DecisionDueOn, bool DecisionPending, DateOnly? ExtendedUntil,
        IReadOnlyList<DecisionPanel.Line> SentDecisions, Position? Position, CeilingMeter.Meter Meter)
    {
        public IEnumerable<(Event Event, Letter Letter)> Letters => Timeline.Where(e => e.Letter is not null).Select(e => (e, e.Letter!));
    }

    internal const string AuditSql = """
        SELECT occurred_at_utc AS OccurredAtUtc, action FROM audit_log WHERE application_id = @applicationId ORDER BY id
        """;

    // Only an exported instruction: before the export it is the office's work in progress.
    internal const string PaymentSql = """
        SELECT p.amount_cents AS AmountCents, e.created_at_utc AS ExportedAtUtc
        FROM payment_instructions p JOIN payment_exports e ON e.id = p.export_id
        WHERE p.application_id = @applicationId
        """;

    internal const string DecisionDueSql = "SELECT decision_due_on AS DecisionDueOn FROM applications WHERE id = @applicationId";

    private sealed record DecisionDue(DateOnly? DecisionDueOn);

    /// <summary>The public events in the order they happened; an event whose facts are missing still shows its sentence.</summary>
    public static IReadOnlyList<Event> Timeline(IReadOnlyList<AuditRow> rows, Facts facts)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var events = new List<Event>();
        foreach (var row in rows)
        {
            if (Shown.GetValueOrDefault(row.Action) is not { } what) continue;
            // A supplement after the term is a supplement all the same: it has the next request's receipt.
            var kind = row.Action == "AanvullingTeLaatIngediend" ? "AanvullingIngediend" : row.Action;
            var n = seen[kind] = seen.GetValueOrDefault(kind) + 1;
            var (details, letter) = Describe(kind, n - 1, facts);
            events.Add(new Event(row.OccurredAtUtc, what, details, letter));
        }
        if (facts.Payment is { } payment)
            events.Add(new Event(payment.ExportedAtUtc, "Betaalopdracht gegeven", [$"{Money.Euros(payment.AmountCents)} wordt overgemaakt naar de rekening in uw aanvraag."], null));
        return events.OrderBy(e => e.AtUtc).ToList();
    }

    // The n-th event of a kind belongs to the n-th fact of that kind: each is audited in the transaction that creates it.
    private static (IReadOnlyList<string> Details, Letter? Letter) Describe(string action, int n, Facts f) => action switch
    {
        "AanvraagIngediend" => ([], new Letter(ReceiptDocument.Kind, "Ontvangstbevestiging")),
        "AanvraagIngetrokken" when f.WithdrawalReason is { } reason => ([$"Reden: {reason}"], null),
        "AanvulverzoekVerstuurd" when f.Requests.ElementAtOrDefault(n) is { } r =>
            ([$"Aanvullen kon tot en met {Amsterdam.FormatDate(r.DueOn)}.", .. r.Missing.Select(m => $"Gevraagd: {m.Missing}{(string.IsNullOrWhiteSpace(m.Remark) ? "" : ": " + m.Remark)}"), r.Explanation],
                new Letter(CompletionRequestLetter.Kind(r.RequestId), "Verzoek om aanvulling")),
        "AanvullingIngediend" when f.RequestStates.Where(r => r.SupplementReceivedAtUtc is not null).ElementAtOrDefault(n) is { } r =>
            ([], new Letter(ReceiptDocument.SupplementKind(r.Id), "Ontvangstbevestiging van de aanvulling")),
        "BeslistermijnVerdaagd" when f.ExtendedUntil is { } until =>
            ([$"Wij beslissen uiterlijk op {Amsterdam.FormatDate(until)}."], new Letter(ExtensionLetter.Kind, "Brief over de verlenging")),
        "BesluitVerzonden" when f.SentDecisions.ElementAtOrDefault(n) is { } d =>
            ([$"{DecisionPanel.Label(d.KindValue)}{(d.KindValue == DecisionKind.Verlening ? " van " + Money.Euros(d.AmountCents) : "")}.",
              $"Bezwaar maken kan tot en met {Amsterdam.FormatDate(d.ObjectionDueOn!.Value)}."], new Letter(DecisionLetter.Kind(d.Id), "Besluit")),
        "BezwaarGeregistreerd" when f.Objections.ElementAtOrDefault(n) is { } o =>
            ([$"Ontvangen op {Amsterdam.FormatDate(o.ReceivedOn)}.", $"Wij beslissen op uw bezwaar uiterlijk op {Amsterdam.FormatDate(o.HandlingDueOn)}."], null),
        "BezwaartermijnVerdaagd" when f.Objections.Where(o => o.IsExtended).ElementAtOrDefault(n) is { } o =>
            ([$"Wij beslissen op uw bezwaar uiterlijk op {Amsterdam.FormatDate(o.HandlingDueOn)}."], null),
        "BezwaarBeslist" when f.Objections.Where(o => !o.IsOpen).ElementAtOrDefault(n) is { OutcomeValue: { } outcome } =>
            ([$"Uw bezwaar is {OutcomeWords(outcome)}."], null),
        "VaststellingGeaccordeerd" when f.Settlements.ElementAtOrDefault(n) is { } s =>
            ([$"Vastgesteld op {Money.Euros(s.FinalCents)}."], new Letter(Settlement.SettlementLetter.Kind(s.Id), "Vaststelling")),
        _ => ([], null),
    };

    private static string OutcomeWords(ObjectionOutcome outcome) => outcome switch
    {
        ObjectionOutcome.Gegrond => "gegrond",
        ObjectionOutcome.Ongegrond => "ongegrond",
        ObjectionOutcome.NietOntvankelijk => "niet-ontvankelijk",
        _ => "ingetrokken",
    };

    /// <summary>What the gemeente must do next and by when (an open aanvulverzoek has its own panel, first on the page).</summary>
    public static NextStep Next(ApplicationState state, Round round, IReadOnlyList<DecisionPanel.Line> sentDecisions,
        IReadOnlyList<SentSettlement> settlements, DateOnly? decisionDueOn, DateOnly today)
    {
        if (state == ApplicationState.Concept)
            return new NextStep($"Vul de aanvraag verder in en dien haar in. Dat kan tot en met {Amsterdam.FormatDate(round.ClosesOn)}.", round.ClosesOn);
        if (state == ApplicationState.AanvullingGevraagd)
            return new NextStep("Vul uw aanvraag aan. Hierboven staat wat er ontbreekt.", null);
        if (settlements.LastOrDefault() is { PaybackCents: > 0, PaybackDueOn: { } payBy } && payBy >= today)
            return new NextStep($"Betaal {Money.Euros(settlements[^1].PaybackCents)} terug, uiterlijk op {Amsterdam.FormatDate(payBy)}.", payBy);
        var objectionDue = settlements.Select(s => (DateOnly?)s.ObjectionDueOn).Concat(sentDecisions.Select(d => d.ObjectionDueOn)).Where(d => d >= today).Max();
        if (objectionDue is { } due)
            return new NextStep($"U hoeft nu niets te doen. Bent u het niet eens met het besluit? Maak dan bezwaar, uiterlijk op {Amsterdam.FormatDate(due)}.", due);
        if (ExtendDecisionTerm.IsOpen(state) && decisionDueOn is { } decideBy)
            return new NextStep($"U hoeft nu niets te doen. Wij beslissen uiterlijk op {Amsterdam.FormatDate(decideBy)}.", null);
        return new NextStep("U hoeft nu niets te doen.", null);
    }

    public sealed class Handler(Db db, CeilingMeter meter, CompletionRequestLetter requests, TimeProvider clock)
    {
        /// <summary>The caller has checked that the user may see this application.</summary>
        public async Task<Page> LoadAsync(ApplicationRow application, Round round, CancellationToken ct)
        {
            var applicationId = application.Id;
            var requestStates = await db.QueryAsync<CaseFile.Request>(CaseFile.RequestsSql, new { applicationId }, ct);
            var letters = new List<CompletionRequestLetter.Model>();
            foreach (var r in requestStates)
                if (await requests.LoadModelAsync(applicationId, r.Id, ct) is { } letter) letters.Add(letter);
            var sent = await DecisionPanel.SentAsync(db, applicationId, ct);
            var settlements = await db.QueryAsync<SentSettlement>(Settlement.SettlementLettersViewComponent.SentSql, new { applicationId }, ct);
            var extendedUntil = (await db.QueryAsync<DateOnly>(ExtensionLetter.ExtendedUntilSql, new { applicationId }, ct)).Select(d => (DateOnly?)d).FirstOrDefault();
            var facts = new Facts(letters, requestStates, sent, await ObjectionQueries.ForApplicationAsync(db, applicationId, ct), settlements,
                extendedUntil, application.WithdrawalReason, await db.QuerySingleOrDefaultAsync<Payment>(PaymentSql, new { applicationId }, ct));
            var due = (await db.QuerySingleOrDefaultAsync<DecisionDue>(DecisionDueSql, new { applicationId }, ct))?.DecisionDueOn;
            var roundMeter = await meter.ForAsync(round, ct);
            return new Page(Timeline(await db.QueryAsync<AuditRow>(AuditSql, new { applicationId }, ct), facts),
                Next(application.StateValue, round, sent, settlements, due, Amsterdam.Today(clock)), due,
                ExtendDecisionTerm.IsOpen(application.StateValue), extendedUntil, sent, await meter.PositionAsync(applicationId, ct), roundMeter);
        }
    }
}
