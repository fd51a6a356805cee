using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Users;
using GrantAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace GrantAdmin.Web.Features.Account;

/// <summary>Settings "Oidc": the OpenID Connect providers users may sign in with, beside the local accounts.</summary>
public sealed class ExternalLoginSettings : IValidatableObject
{
    /// <summary>Whom a refused user should ask, shown on the refusal page.</summary>
    public string HelpContact { get; set; } = "de beheerder van GrantAdmin bij de uitvoeringsorganisatie";

    /// <summary>By name (it becomes part of the callback paths): "eherkenning" for gemeenten, "ministerie" for the office.</summary>
    public Dictionary<string, ExternalLoginScheme> Schemes { get; set; } = [];

    public ExternalLoginScheme? Find(string? name) =>
        name is not null && Schemes.TryGetValue(name, out var scheme) ? scheme : null;

    /// <summary>Checked at start (AddValidatedSettings): a wrong provider setting otherwise shows only at the first login.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Schemes.SelectMany(s => ExternalLoginSettingsRules.Problems(s.Value)
            .Select(p => new ValidationResult(p.Message, [$"Schemes:{s.Key}:{p.Setting}"])));
}

/// <summary>One provider, "Oidc:Schemes:&lt;name&gt;".</summary>
public sealed class ExternalLoginScheme
{
    /// <summary>On the login button: "eHerkenning".</summary>
    public string DisplayName { get; set; } = "";
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }
    /// <summary>Only a provider on a loopback address in a test may be reached over plain http.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
    public string SubjectClaim { get; set; } = "sub";
    /// <summary>The claim with the OIN or KvK number of the organisation; empty for a provider that names none.</summary>
    public string? OrganisationClaim { get; set; }
    public string AssuranceClaim { get; set; } = "acr";
    /// <summary>The lowest level of assurance accepted; empty accepts any (the ministry's own provider).</summary>
    public string? RequiredAssurance { get; set; } = "eH3";
    /// <summary>The levels this provider names, lowest first: a value not listed is never enough.</summary>
    public List<string> AssuranceLevels { get; set; } = ["eH1", "eH2", "eH2+", "eH3", "eH4"];
    /// <summary>Scopes besides "openid" the broker needs to send the organisation and level.</summary>
    public List<string> Scopes { get; set; } = [];
    /// <summary>
    /// Which claim gives which role, read at every login. In order: the first the login carries wins, so the strongest
    /// comes first (Tekenbevoegde before Invuller). Empty: the linked user's own role (allowed only for a provider that
    /// names no organisation, the ministry's own).
    /// </summary>
    public List<RoleClaim> RoleClaims { get; set; } = [];
}

/// <summary>"Oidc:Schemes:&lt;name&gt;:RoleClaims:&lt;n&gt;": a login carrying this claim with this value acts in this role.</summary>
public sealed class RoleClaim
{
    /// <summary>For eHerkenning the broker's claim for the service the machtiging is for, e.g. "urn:etoegang:core:ServiceID".</summary>
    public string ClaimType { get; set; } = "";
    public string Value { get; set; } = "";
    /// <summary>One of <see cref="Roles.All"/>.</summary>
    public string Role { get; set; } = "";
}

/// <summary>What makes a provider's settings usable, each problem naming the setting under "Oidc:Schemes:&lt;name&gt;". No I/O.</summary>
public static class ExternalLoginSettingsRules
{
    public static IEnumerable<(string Setting, string Message)> Problems(ExternalLoginScheme scheme)
    {
        if (!Uri.TryCreate(scheme.Authority, UriKind.Absolute, out var authority))
            yield return (nameof(scheme.Authority), "must be the provider's absolute https address, such as https://broker.example/.");
        // Plain http only to a provider on this machine (the tests' provider); Production refuses even that (DevelopmentOnlySettings).
        else if (authority.Scheme != Uri.UriSchemeHttps && !(authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback))
            yield return (nameof(scheme.Authority), "must start with https:// (http only for a provider on a loopback address, in development).");
        if (string.IsNullOrWhiteSpace(scheme.ClientId))
            yield return (nameof(scheme.ClientId), "is required: the client id the provider registered for GrantAdmin.");
        if (!string.IsNullOrEmpty(scheme.RequiredAssurance) && !scheme.AssuranceLevels.Contains(scheme.RequiredAssurance))
            yield return (nameof(scheme.RequiredAssurance),
                $"must be one of the levels in AssuranceLevels ({string.Join(", ", scheme.AssuranceLevels)}), or empty to accept any.");
        for (var i = 0; i < scheme.RoleClaims.Count; i++)
        {
            var mapping = scheme.RoleClaims[i];
            if (string.IsNullOrWhiteSpace(mapping.ClaimType) || string.IsNullOrWhiteSpace(mapping.Value))
                yield return ($"RoleClaims:{i}", "needs both ClaimType and Value.");
            if (!Roles.All.Contains(mapping.Role))
                yield return ($"RoleClaims:{i}:Role", $"must be one of {string.Join(", ", Roles.All)}.");
        }
        // The organisation claim is what makes a provider the gemeenten' one: its logins act for a gemeente, never for the office.
        var forGemeenten = !string.IsNullOrEmpty(scheme.OrganisationClaim);
        if (forGemeenten && scheme.RoleClaims.Count == 0)
            yield return (nameof(scheme.RoleClaims), "is required for a provider that names the organisation (eHerkenning): map the broker's claims to Tekenbevoegde and Invuller.");
        if (scheme.RoleClaims.Any(m => Roles.All.Contains(m.Role) && Roles.IsApplicant(m.Role) != forGemeenten))
            yield return (nameof(scheme.RoleClaims), forGemeenten
                ? "may only give Tekenbevoegde or Invuller: this provider names the organisation, so its users act for a gemeente."
                : "may only give roles of the grants office: this provider names no organisation (set OrganisationClaim for a gemeenten' provider).");
    }
}

/// <summary>Why a login through a provider ends on the refusal page.</summary>
public enum ExternalLoginRefusal { AssuranceTooLow, UnknownIdentity, OtherOrganisation, Deactivated, Failed, NoRole, SignatoriesFull }

/// <summary>Whether what the provider says about someone lets them in as the user a beheerder linked. No I/O.</summary>
public static class ExternalLoginRules
{
    public sealed record Claims(string? Subject, string? Organisation, string? Assurance);
    /// <param name="Role">The linked user's own role: the role of a login through a provider without <see cref="ExternalLoginScheme.RoleClaims"/>.</param>
    public sealed record Link(string? Organisation, bool IsActive, string Role = "");

    public static ExternalLoginRefusal? Check(ExternalLoginScheme scheme, Claims claims, Link? link)
    {
        // The level first: a login too weak is refused whoever it is, and says nothing about whether a link exists.
        if (!IsEnough(scheme, claims.Assurance)) return ExternalLoginRefusal.AssuranceTooLow;
        if (string.IsNullOrEmpty(claims.Subject) || link is null) return ExternalLoginRefusal.UnknownIdentity;
        // A link names the organisation the identity acted for; acting for another one is not this user.
        if (link.Organisation is not null && !string.Equals(link.Organisation, claims.Organisation?.Trim(), StringComparison.Ordinal))
            return ExternalLoginRefusal.OtherOrganisation;
        return link.IsActive ? null : ExternalLoginRefusal.Deactivated;
    }

    public static bool IsEnough(ExternalLoginScheme scheme, string? assurance)
    {
        if (string.IsNullOrEmpty(scheme.RequiredAssurance)) return true;
        var required = scheme.AssuranceLevels.IndexOf(scheme.RequiredAssurance);
        var actual = assurance is null ? -1 : scheme.AssuranceLevels.IndexOf(assurance);
        return required >= 0 && actual >= required;
    }

    /// <summary>
    /// The role this login acts in: what the claims say now (a machtiging withdrawn at the broker counts at the next
    /// login), or the linked user's own role when the provider maps none. Null: no role, refused.
    /// </summary>
    public static string? RoleFor(ExternalLoginScheme scheme, IEnumerable<(string Type, string Value)> claims, string linkedRole)
    {
        if (scheme.RoleClaims.Count == 0) return linkedRole;
        var carried = claims.ToHashSet();
        var mapped = scheme.RoleClaims.FirstOrDefault(m => carried.Contains((m.ClaimType, m.Value)))?.Role;
        // An account acts for a gemeente or for the office, never both: a claim cannot move it across.
        return mapped is not null && Roles.IsApplicant(mapped) == Roles.IsApplicant(linkedRole) ? mapped : null;
    }
}

/// <summary>
/// Turns a login at a provider into our own session: the linked user's principal, signed in through the same cookie and
/// <see cref="SessionStore"/> as a password login, or the reason it is refused.
/// </summary>
public sealed class ExternalLoginHandler(Db db, TimeProvider clock, IOptions<ExternalLoginSettings> settings, ILogger<ExternalLoginHandler> logger)
{
    internal const string FindLinkSql = """
        SELECT e.organisation, u.is_active AS IsActive, u.role FROM external_identities e JOIN users u ON u.id = e.user_id
        WHERE e.scheme = @scheme AND e.subject = @subject
        """;

    internal const string FindUserSql = """
        SELECT u.id, u.email, u.display_name AS DisplayName, u.password_hash AS PasswordHash, u.role,
               u.municipality_id AS MunicipalityId, m.name AS MunicipalityName, u.is_active AS IsActive
        FROM external_identities e JOIN users u ON u.id = e.user_id LEFT JOIN municipalities m ON m.id = u.municipality_id
        WHERE e.scheme = @scheme AND e.subject = @subject
        """;

    internal const string SetRoleSql = "UPDATE users SET role = @role WHERE id = @id";

    /// <summary>The claim that remembers which provider a session came from, so logging out also ends it there.</summary>
    public const string SchemeClaim = "grantadmin:login_scheme";

    public sealed record Refused(ExternalLoginRefusal Reason, string? Subject, string? Organisation);

    public async Task<(ClaimsPrincipal? Principal, Refused? Refused)> SignInAsync(string schemeName, ClaimsPrincipal external, CancellationToken ct)
    {
        var scheme = settings.Value.Find(schemeName) ?? throw new InvalidOperationException($"Unknown login scheme {schemeName}.");
        var claims = new ExternalLoginRules.Claims(external.FindFirstValue(scheme.SubjectClaim),
            string.IsNullOrEmpty(scheme.OrganisationClaim) ? null : external.FindFirstValue(scheme.OrganisationClaim),
            external.FindFirstValue(scheme.AssuranceClaim));
        var parameters = new { scheme = schemeName, subject = claims.Subject ?? "" };
        var link = await db.QuerySingleOrDefaultAsync<ExternalLoginRules.Link>(FindLinkSql, parameters, ct);
        if (ExternalLoginRules.Check(scheme, claims, link) is { } refusal)
            return Refuse(refusal);
        // Checked before the audit row: a login without a role did not happen.
        if (ExternalLoginRules.RoleFor(scheme, external.Claims.Select(c => (c.Type, c.Value)), link!.Role) is not { } role)
            return Refuse(ExternalLoginRefusal.NoRole);

        var user = await db.WriteAsync(async w =>
        {
            var row = await w.Tx.QuerySingleAsync<UserRow>(FindUserSql, parameters, ct);
            var details = $"via {schemeName} als {role}";
            if (row.Role != role)
            {
                // The stored role follows the machtiging, so the users screen, the mails to tekenbevoegden and the
                // limit of two signatories per gemeente (domain §5) see what eHerkenning says, not an old copy.
                if (role == Roles.Tekenbevoegde && await ManageUsers.SignatoriesFullAsync(w.Tx, row.MunicipalityId!.Value, ct))
                    return null;
                await w.Tx.ExecuteAsync(SetRoleSql, new { id = row.Id, role }, ct);
                details += $" (was {row.Role})";
            }
            await w.AuditAsync(clock.GetUtcNow().UtcDateTime, new AuditLog.Entry("Ingelogd", row.Id, Details: details), ct);
            return row with { Role = role };
        }, ct);
        if (user is null)
            return Refuse(ExternalLoginRefusal.SignatoriesFull);
        var principal = LoginHandler.Principal(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SchemeClaim, schemeName));
        return (principal, null);

        (ClaimsPrincipal?, Refused?) Refuse(ExternalLoginRefusal reason)
        {
            logger.LogWarning("External login through {Scheme} refused: {Reason}", schemeName, reason);
            return (null, new Refused(reason, claims.Subject, claims.Organisation));
        }
    }
}

/// <summary>The OpenID Connect handlers' events: a login ends in our session or on the Dutch refusal page, never in a 500.</summary>
public static class ExternalLoginEvents
{
    public const string SignedInPath = "/ingelogd";
    public const string RefusedPath = "/inloggen/extern/geweigerd";
    private const string RefusalPurpose = "GrantAdmin.ExternalLogin.Refusal";

    public static void Configure(OpenIdConnectOptions o)
    {
        o.Events.OnTicketReceived = OnTicketReceivedAsync;
        o.Events.OnRemoteFailure = OnRemoteFailure;
    }

    private static async Task OnTicketReceivedAsync(TicketReceivedContext context)
    {
        var handler = context.HttpContext.RequestServices.GetRequiredService<ExternalLoginHandler>();
        var (principal, refused) = await handler.SignInAsync(context.Scheme.Name, context.Principal!, context.HttpContext.RequestAborted);
        if (refused is not null)
        {
            context.Response.Redirect(RefusalUrl(context.HttpContext, refused));
            context.HandleResponse();
            return;
        }
        // Only the id token is kept (in the server-side session): logging out hands it back to the provider.
        var properties = context.Properties!;
        var idToken = properties.GetTokenValue("id_token");
        properties.StoreTokens(idToken is null ? [] : [new AuthenticationToken { Name = "id_token", Value = idToken }]);
        context.Principal = principal;
        context.ReturnUri = SignedInPath;
    }

    /// <summary>A token with the wrong audience, issuer or nonce, a refusal at the provider, a stale state: all refused.</summary>
    private static Task OnRemoteFailure(RemoteFailureContext context)
    {
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalLoginEvents))
            .LogWarning("External login through {Scheme} failed: {Failure}", context.Scheme.Name, context.Failure?.GetType().Name);
        context.Response.Redirect(RefusalUrl(context.HttpContext, new(ExternalLoginRefusal.Failed, null, null)));
        context.HandleResponse();
        return Task.CompletedTask;
    }

    /// <summary>The refusal and what the beheerder needs to link the identity ride in the URL, protected (not readable, not forgeable).</summary>
    private static string RefusalUrl(HttpContext http, ExternalLoginHandler.Refused refused) =>
        $"{RefusedPath}?gegevens={Uri.EscapeDataString(Protector(http).Protect(JsonSerializer.Serialize(refused), TimeSpan.FromMinutes(30)))}";

    public static ExternalLoginHandler.Refused ReadRefusal(HttpContext http, string? protectedData)
    {
        try
        {
            return JsonSerializer.Deserialize<ExternalLoginHandler.Refused>(Protector(http).Unprotect(protectedData ?? ""))
                ?? new(ExternalLoginRefusal.Failed, null, null);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return new(ExternalLoginRefusal.Failed, null, null);
        }
    }

    private static ITimeLimitedDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(RefusalPurpose).ToTimeLimitedDataProtector();
}
