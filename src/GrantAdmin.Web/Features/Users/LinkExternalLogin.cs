using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Writes;
using Microsoft.Extensions.Options;

namespace GrantAdmin.Web.Features.Users;

/// <summary>
/// The beheerder links an identity at a provider (eHerkenning, the ministry's own) to a user: logging in with it then
/// signs in as that user, with the user's role and gemeente.
/// </summary>
public static class LinkExternalLogin
{
    public sealed record Form([MaxText(TextSize.Value)] string? Scheme, [MaxText(TextSize.Email)] string? Subject, [MaxText(TextSize.Value)] string? Organisation);
    /// <summary>Which of the user's links to remove: hidden fields of the button on its row.</summary>
    public sealed record UnlinkForm([MaxText(TextSize.Value)] string? Scheme, [MaxText(TextSize.Email)] string? Subject);
    public sealed record LinkLine(string Scheme, string Subject, string? Organisation, DateTime CreatedAtUtc);
    public sealed record Page(ManageUsers.UserLine User, IReadOnlyList<LinkLine> Links, IReadOnlyDictionary<string, ExternalLoginScheme> Schemes, Form Form);

    internal const string LinksSql = """
        SELECT scheme, subject, organisation, created_at_utc AS CreatedAtUtc FROM external_identities WHERE user_id = @userId ORDER BY scheme, subject
        """;
    internal const string TakenSql = "SELECT COUNT(*) FROM external_identities WHERE scheme = @scheme AND subject = @subject";
    internal const string DeleteSql = "DELETE FROM external_identities WHERE user_id = @userId AND scheme = @scheme AND subject = @subject";
    internal const string InsertSql = """
        INSERT INTO external_identities (scheme, subject, organisation, user_id, created_at_utc)
        VALUES (@scheme, @subject, @organisation, @userId, @now)
        """;

    public sealed class Handler(Db db, TimeProvider clock, IOptions<ExternalLoginSettings> settings)
    {
        public async Task<Page?> LoadAsync(int userId, Form form, CancellationToken ct) =>
            await db.QuerySingleOrDefaultAsync<ManageUsers.UserLine>(ManageUsers.ActiveUserSql, new { id = userId }, ct) is { } user
                ? new Page(user, await db.QueryAsync<LinkLine>(LinksSql, new { userId }, ct), settings.Value.Schemes, form)
                : null;

        public async Task<Outcome<int>> LinkAsync(CurrentUser admin, int userId, Form form, CancellationToken ct)
        {
            var scheme = settings.Value.Find(form.Scheme?.Trim());
            var subject = form.Subject?.Trim();
            var organisation = string.IsNullOrWhiteSpace(form.Organisation) ? null : form.Organisation.Trim();
            var errors = new Errors()
                .Add(nameof(Form.Scheme), "Kies de inlogdienst.", scheme is null)
                .Add(nameof(Form.Subject), "Vul de identificatiecode in die de gebruiker op de foutpagina zag.", string.IsNullOrEmpty(subject))
                .Add(nameof(Form.Organisation), "Vul het OIN of KvK-nummer van de organisatie in (alleen cijfers).",
                    !string.IsNullOrEmpty(scheme?.OrganisationClaim) && (organisation is null || !organisation.All(char.IsAsciiDigit)))
                .Add(nameof(Form.Organisation), "Deze inlogdienst geeft geen organisatie door: laat het veld leeg.",
                    scheme is not null && string.IsNullOrEmpty(scheme.OrganisationClaim) && organisation is not null);
            if (!errors.None) return Outcome<int>.Fail(errors);

            return await db.TryWriteAsync<int>(async w =>
            {
                if (await w.Tx.QuerySingleOrDefaultAsync<ManageUsers.UserLine>(ManageUsers.ActiveUserSql, new { id = userId }, ct) is null)
                    return Outcome<int>.Fail(FormLevel.Status, "Deze gebruiker bestaat niet of is gedeactiveerd.");
                var parameters = new { scheme = form.Scheme!.Trim(), subject, organisation, userId, now = clock.GetUtcNow().UtcDateTime };
                if (await w.Tx.QuerySingleAsync<int>(TakenSql, parameters, ct) > 0)
                    return Outcome<int>.Fail(nameof(Form.Subject), "Deze inlog is al aan een gebruiker gekoppeld.");
                var id = await w.InsertAsync(InsertSql, parameters, ct);
                await w.AuditAsync(parameters.now, new AuditLog.Entry("ExterneInlogGekoppeld", admin.Id,
                    Details: $"user {userId}: {parameters.scheme} {organisation}"), ct);
                return Outcome<int>.Ok(id);
            }, ct);
        }

        /// <summary>
        /// Removes a link: the identity no longer signs in. The user's open sessions end with it, since a session does not
        /// say which identity (or password) it came through, and a link is removed when someone must be out now.
        /// </summary>
        public async Task<Outcome<int>> UnlinkAsync(CurrentUser admin, int userId, UnlinkForm form, CancellationToken ct) =>
            await db.TryWriteAsync<int>(async w =>
            {
                var parameters = new { userId, scheme = form.Scheme?.Trim() ?? "", subject = form.Subject?.Trim() ?? "" };
                if (await w.Tx.ExecuteAsync(DeleteSql, parameters, ct) == 0)
                    return Outcome<int>.Fail(FormLevel.Status, "Deze koppeling bestaat niet (meer). Kijk in de lijst welke inloggen gekoppeld zijn.");
                var ended = await w.Tx.ExecuteAsync(SessionStore.DeleteForUserSql, new { userId }, ct);
                await w.AuditAsync(clock.GetUtcNow().UtcDateTime, new AuditLog.Entry("ExterneInlogOntkoppeld", admin.Id,
                    Details: $"user {userId}: {parameters.scheme}; beëindigde sessies: {ended}"), ct);
                return Outcome<int>.Ok(ended);
            }, ct);
    }
}
