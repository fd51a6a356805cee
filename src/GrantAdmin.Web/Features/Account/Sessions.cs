using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Security.Cryptography;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace GrantAdmin.Web.Features.Account;

/// <summary>Settings "Security:Session".</summary>
public sealed class SessionSettings
{
    /// <summary>A session not used for this long has ended.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")] public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in, however busy.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")] public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How stale last-seen may get: one write per session per this interval, not one per page view.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan RenewAfter { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The cookie's tickets, kept in the database so every web server sees the same sessions and ending one is deleting its
/// row. The cookie carries a random key; the row is found by the key's SHA-256, so a copy of the table opens no session.
/// </summary>
public sealed class SessionStore(Db db, TimeProvider clock, IOptions<SessionSettings> options) : ITicketStore
{
    internal const string InsertSql = """
        INSERT INTO user_sessions (id, user_id, ticket, created_at_utc, last_seen_utc) VALUES (@id, @userId, @ticket, @now, @now)
        """;

    // Sign-in tidies the user's own ended sessions, so rows never outgrow the sessions in use.
    internal const string PurgeEndedSql = """
        DELETE FROM user_sessions WHERE user_id = @userId AND (last_seen_utc < @idleSince OR created_at_utc < @absoluteSince)
        """;

    internal const string FindSql = """
        SELECT s.ticket, s.created_at_utc AS CreatedAtUtc, s.last_seen_utc AS LastSeenUtc
        FROM user_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = @id AND u.is_active = 1
        """;

    internal const string TouchSql = "UPDATE user_sessions SET last_seen_utc = @now WHERE id = @id";
    internal const string RenewSql = "UPDATE user_sessions SET ticket = @ticket WHERE id = @id";
    internal const string DeleteSql = "DELETE FROM user_sessions WHERE id = @id";
    internal const string DeleteForUserSql = "DELETE FROM user_sessions WHERE user_id = @userId";

    private sealed record Row(byte[] Ticket, DateTime CreatedAtUtc, DateTime LastSeenUtc);

    private SessionSettings Settings => options.Value;
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var key = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var userId = int.Parse(ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture);
        var now = Now;
        await db.WriteAsync(async w =>
        {
            await w.Tx.ExecuteAsync(PurgeEndedSql, new { userId, idleSince = now - Settings.IdleTimeout, absoluteSince = now - Settings.AbsoluteTimeout }, cancellationToken);
            return await w.Tx.ExecuteAsync(InsertSql, new { id = Id(key), userId, ticket = TicketSerializer.Default.Serialize(ticket), now }, cancellationToken);
        }, cancellationToken);
        return key;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        var id = Id(key);
        var row = await db.QuerySingleOrDefaultAsync<Row>(FindSql, new { id }, cancellationToken);
        if (row is null) return null;
        var now = Now;
        if (now - row.LastSeenUtc >= Settings.IdleTimeout || now - row.CreatedAtUtc >= Settings.AbsoluteTimeout)
        {
            await ExecuteAsync(DeleteSql, new { id }, cancellationToken);
            return null;
        }
        if (now - row.LastSeenUtc >= Settings.RenewAfter) await ExecuteAsync(TouchSql, new { id, now }, cancellationToken);
        return TicketSerializer.Default.Deserialize(row.Ticket);
    }

    /// <summary>
    /// The login page never continues a session: the handler would otherwise sign in on the key the browser came with
    /// (which someone may have planted), where a sign-in must start a new session under a new key. Posting the login
    /// form ends the session the browser had.
    /// </summary>
    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments(AccountController.LoginPath)) return await RetrieveAsync(key, cancellationToken);
        if (HttpMethods.IsPost(httpContext.Request.Method)) await RemoveAsync(key, cancellationToken);
        return null;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) =>
        ExecuteAsync(RenewSql, new { id = Id(key), ticket = TicketSerializer.Default.Serialize(ticket) }, cancellationToken);

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => ExecuteAsync(DeleteSql, new { id = Id(key) }, cancellationToken);

    private Task<int> ExecuteAsync(string sql, object parameters, CancellationToken ct) => db.WriteAsync(w => w.Tx.ExecuteAsync(sql, parameters, ct), ct);

    private static string Id(string key) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
}
