using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using System.Globalization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Programme.Participants;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Cohorts;

/// <summary>The programmamanager adds and changes lichtingen: name, start date, intended size and description.</summary>
public static class EditCohort
{
    public sealed class Form
    {
        [MaxText(100)] public string? Name { get; set; } // the column holds 100
        [MaxText(TextSize.Value)] public string? StartsOn { get; set; }
        [MaxText(TextSize.Value)] public string? IntendedSize { get; set; }
        [MaxText(TextSize.Note)] public string? Description { get; set; }
    }

    public sealed record Page(int? Id, Form Form);
    private sealed record Row(string Name, DateOnly? StartsOn, int? IntendedSize, string? Description);

    internal const string FindSql = "SELECT name, starts_on AS StartsOn, intended_size AS IntendedSize, description FROM programme_cohorts WHERE id = @id";
    internal const string NameTakenSql = "SELECT COUNT(*) FROM programme_cohorts WHERE name = @name AND id <> @id";
    internal const string InsertSql = """
        INSERT INTO programme_cohorts (name, starts_on, intended_size, description, is_demo)
        VALUES (@name, @startsOn, @intendedSize, @description, 0)
        """;
    internal const string UpdateSql = """
        UPDATE programme_cohorts SET name = @name, starts_on = @startsOn, intended_size = @intendedSize, description = @description
        WHERE id = @id
        """;

    /// <summary>Shape of the form, as field → Dutch message pairs (pure).</summary>
    public static Errors Check(Form form, out DateOnly? startsOn, out int? intendedSize)
    {
        var sizeGiven = !string.IsNullOrWhiteSpace(form.IntendedSize);
        var sizeValid = !sizeGiven || (int.TryParse(form.IntendedSize!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0);
        intendedSize = sizeGiven && sizeValid ? int.Parse(form.IntendedSize!.Trim(), CultureInfo.InvariantCulture) : null;
        return new Errors()
            .Add(nameof(Form.Name), "Vul de naam van de lichting in.", string.IsNullOrWhiteSpace(form.Name))
            .Add(nameof(Form.Name), "Gebruik voor de naam hoogstens 100 tekens.", (form.Name?.Trim().Length ?? 0) > 100)
            .Add(nameof(Form.StartsOn), "Vul de startdatum in als dag-maand-jaar, bijvoorbeeld 1-11-2018, of laat hem leeg als geen bron de dag noemt.",
                !ParticipantRules.TryParseDate(form.StartsOn, out startsOn))
            .Add(nameof(Form.IntendedSize), "Vul de beoogde omvang in als een heel getal groter dan 0, of laat hem leeg als geen bron die noemt.", !sizeValid)
            .Add(nameof(Form.Description), "Gebruik voor de beschrijving hoogstens 1000 tekens.", (form.Description?.Trim().Length ?? 0) > 1000);
    }

    public sealed class Handler(Db db, TimeProvider clock)
    {
        public async Task<Form?> FormAsync(int id, CancellationToken ct) =>
            await db.QuerySingleOrDefaultAsync<Row>(FindSql, new { id }, ct) is { } row
                ? new Form
                {
                    Name = row.Name, StartsOn = row.StartsOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    IntendedSize = row.IntendedSize?.ToString(CultureInfo.InvariantCulture), Description = row.Description,
                }
                : null;

        public async Task<Outcome<int>> SaveAsync(CurrentUser user, int? id, Form form, CancellationToken ct)
        {
            var errors = Check(form, out var startsOn, out var intendedSize);
            if (!errors.None) return Outcome<int>.Fail(errors);
            var values = new
            {
                id = id ?? 0, name = form.Name!.Trim(), startsOn, intendedSize,
                description = string.IsNullOrWhiteSpace(form.Description) ? null : form.Description.Trim(),
            };
            return await db.TryWriteAsync<int>(async w =>
            {
                if (await w.Tx.QuerySingleAsync<int>(NameTakenSql, values, ct) > 0)
                    return Outcome<int>.Fail(nameof(Form.Name), $"Er is al een lichting met de naam „{values.name}”. Kies een andere naam.");
                var cohortId = id ?? await w.InsertAsync(InsertSql, values, ct);
                if (id is not null) await w.Tx.ExecuteAsync(UpdateSql, values, ct);
                await w.AuditAsync(clock.GetUtcNow().UtcDateTime, new AuditLog.Entry(id is null ? "LichtingToegevoegd" : "LichtingGewijzigd", user.Id, Details: $"lichting {cohortId} {values.name}; start {startsOn:yyyy-MM-dd}; omvang {intendedSize}"), ct);
                return Outcome<int>.Ok(cohortId);
            }, ct);
        }
    }
}
