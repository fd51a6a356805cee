using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace GrantAdmin.Web.Features.Users;

/// <summary>The beheerder creates and deactivates accounts.</summary>
public static class ManageUsers
{
    public const int MaxSignatoriesPerMunicipality = 2;

    public sealed record Form([MaxText(TextSize.Email)] string? Email, [MaxText(TextSize.Name)] string? DisplayName, [MaxText(TextSize.Value)] string? Role, [MaxText(TextSize.Value)] string? MunicipalityCode,
        [MaxText(TextSize.Password, Verbatim = true)] string? Password);
    public sealed record UserLine(int Id, string Email, string DisplayName, string Role, string? MunicipalityName, bool IsActive, int Sessions);
    public sealed record Page(IReadOnlyList<UserLine> Users, Form Form, IReadOnlyList<(string Code, string Name)> Municipalities);

    internal const string ListSql = """
        SELECT u.id, u.email, u.display_name AS DisplayName, u.role, m.name AS MunicipalityName, u.is_active AS IsActive,
               (SELECT COUNT(*) FROM user_sessions s
                WHERE s.user_id = u.id AND s.last_seen_utc >= @idleSince AND s.created_at_utc >= @absoluteSince) AS Sessions
        FROM users u LEFT JOIN municipalities m ON m.id = u.municipality_id
        ORDER BY u.is_active DESC, u.role, u.email
        """;

    internal const string MunicipalitiesSql = """
        SELECT m.cbs_code AS Code, m.name FROM municipalities m
        WHERE m.id IN (SELECT municipality_id FROM municipality_lists WHERE list_year = (SELECT MAX(list_year) FROM municipality_lists))
        ORDER BY m.name
        """;

    internal const string MunicipalityIdSql = "SELECT id FROM municipalities WHERE cbs_code = @code";
    internal const string EmailTakenSql = "SELECT COUNT(*) FROM users WHERE email = @email";
    internal const string ActiveSignatoriesSql = """
        SELECT COUNT(*) FROM users WHERE municipality_id = @municipalityId AND role = 'Tekenbevoegde' AND is_active = 1
        """;

    /// <summary>True when the gemeente already has its <see cref="MaxSignatoriesPerMunicipality"/> active tekenbevoegden (domain §5):
    /// the one check for every way an account becomes one (made here, or a machtiging at an eHerkenning login).</summary>
    internal static async Task<bool> SignatoriesFullAsync(System.Data.Common.DbTransaction tx, int municipalityId, CancellationToken ct) =>
        await tx.QuerySingleAsync<int>(ActiveSignatoriesSql, new { municipalityId }, ct) >= MaxSignatoriesPerMunicipality;

    internal const string InsertSql = """
        INSERT INTO users (email, display_name, password_hash, role, municipality_id, is_active, created_at_utc)
        VALUES (@email, @displayName, @hash, @role, @municipalityId, 1, @now)
        """;

    internal const string DeactivateSql = "UPDATE users SET is_active = 0 WHERE id = @id AND is_active = 1";
    internal const string ActiveUserSql = """
        SELECT u.id, u.email, u.display_name AS DisplayName, u.role, m.name AS MunicipalityName, u.is_active AS IsActive, 0 AS Sessions
        FROM users u LEFT JOIN municipalities m ON m.id = u.municipality_id
        WHERE u.id = @id AND u.is_active = 1
        """;
    internal const string UserExistsSql = "SELECT COUNT(*) FROM users WHERE id = @id";

    public sealed class Handler(Db db, TimeProvider clock, IOptions<SessionSettings> sessions)
    {
        public async Task<Page> LoadAsync(Form form, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return new(await db.QueryAsync<UserLine>(ListSql, new { idleSince = now - sessions.Value.IdleTimeout, absoluteSince = now - sessions.Value.AbsoluteTimeout }, ct), form,
                await db.QueryAsync<(string Code, string Name)>(MunicipalitiesSql, null, ct));
        }

        public async Task<Outcome<int>> CreateAsync(CurrentUser admin, Form form, CancellationToken ct)
        {
            var email = form.Email?.Trim().ToLowerInvariant();
            var role = form.Role?.Trim();
            var errors = new Errors()
                .Add(nameof(Form.Email), "Vul een geldig e-mailadres in.", string.IsNullOrEmpty(email) || !System.Net.Mail.MailAddress.TryCreate(email, out _))
                .Add(nameof(Form.DisplayName), "Vul de naam van de gebruiker in.", string.IsNullOrWhiteSpace(form.DisplayName))
                .Add(nameof(Form.Role), "Kies een rol.", role is null || !Roles.All.Contains(role))
                .Add(nameof(Form.MunicipalityCode), "Kies de gemeente waarvoor deze gebruiker werkt.", role is not null && Roles.IsApplicant(role) && string.IsNullOrWhiteSpace(form.MunicipalityCode))
                .Add(nameof(Form.MunicipalityCode), "Een medewerker van de uitvoeringsorganisatie hoort niet bij een gemeente: laat de gemeente leeg.", role is not null && !Roles.IsApplicant(role) && !string.IsNullOrWhiteSpace(form.MunicipalityCode));
            var passwordProblem = AccountRules.CheckNewPassword(form.Password);
            errors.Add(nameof(Form.Password), passwordProblem ?? "", passwordProblem is not null);
            if (!errors.None) return Outcome<int>.Fail(errors);

            return await db.TryWriteAsync<int>(async w =>
            {
                if (await w.Tx.QuerySingleAsync<int>(EmailTakenSql, new { email }, ct) > 0)
                    return Outcome<int>.Fail(nameof(Form.Email), "Er bestaat al een gebruiker met dit e-mailadres.");
                int? municipalityId = null;
                if (Roles.IsApplicant(role!))
                {
                    municipalityId = await w.Tx.QuerySingleOrDefaultAsync<int?>(MunicipalityIdSql, new { code = form.MunicipalityCode!.Trim() }, ct);
                    if (municipalityId is null) return Outcome<int>.Fail(nameof(Form.MunicipalityCode), "Deze gemeente bestaat niet.");
                    if (role == Roles.Tekenbevoegde && await SignatoriesFullAsync(w.Tx, municipalityId.Value, ct))
                        return Outcome<int>.Fail(nameof(Form.Role), $"Deze gemeente heeft al {MaxSignatoriesPerMunicipality} tekenbevoegden. Deactiveer er eerst één.");
                }
                var now = clock.GetUtcNow().UtcDateTime;
                var id = await w.InsertAsync(InsertSql, new
                {
                    email, displayName = form.DisplayName!.Trim(), hash = LoginHandler.Hasher.HashPassword(email!, form.Password!),
                    role, municipalityId, now,
                }, ct);
                await w.AuditAsync(now, new AuditLog.Entry("GebruikerAangemaakt", admin.Id, Details: $"{email} ({role})"), ct);
                return Outcome<int>.Ok(id);
            }, ct);
        }

        /// <summary>The active user a beheerder is about to deactivate (not themselves), for the confirmation page.</summary>
        public async Task<UserLine?> ToDeactivateAsync(CurrentUser admin, int userId, CancellationToken ct) =>
            userId == admin.Id ? null : await db.QuerySingleOrDefaultAsync<UserLine>(ActiveUserSql, new { id = userId }, ct);

        public async Task<Outcome<int>> DeactivateAsync(CurrentUser admin, int userId, CancellationToken ct)
        {
            if (userId == admin.Id) return Outcome<int>.Fail(FormLevel.NotAllowed, "U kunt uw eigen account niet deactiveren.");
            return await db.TryWriteAsync<int>(async w =>
            {
                if (await w.Tx.ExecuteAsync(DeactivateSql, new { id = userId }, ct) == 0)
                    return Outcome<int>.Fail(FormLevel.Status, "Deze gebruiker bestaat niet of is al gedeactiveerd.");
                await w.Tx.ExecuteAsync(SessionStore.DeleteForUserSql, new { userId }, ct);
                await w.AuditAsync(clock.GetUtcNow().UtcDateTime, new AuditLog.Entry("GebruikerGedeactiveerd", admin.Id, Details: $"user {userId}"), ct);
                return Outcome<int>.Ok(userId);
            }, ct);
        }

        /// <summary>Signs the user out everywhere (a lost laptop, a shared cookie): every session row goes.</summary>
        public async Task<Outcome<int>> EndSessionsAsync(CurrentUser admin, int userId, CancellationToken ct)
        {
            if (userId == admin.Id) return Outcome<int>.Fail(FormLevel.NotAllowed, "Uw eigen sessie beëindigt u door uit te loggen.");
            return await db.TryWriteAsync<int>(async w =>
            {
                if (await w.Tx.QuerySingleAsync<int>(UserExistsSql, new { id = userId }, ct) == 0)
                    return Outcome<int>.Fail(FormLevel.Status, "Deze gebruiker bestaat niet.");
                var ended = await w.Tx.ExecuteAsync(SessionStore.DeleteForUserSql, new { userId }, ct);
                await w.AuditAsync(clock.GetUtcNow().UtcDateTime, new AuditLog.Entry("SessiesBeeindigd", admin.Id, Details: $"user {userId}: {ended} sessies"), ct);
                return Outcome<int>.Ok(ended);
            }, ct);
        }
    }
}
