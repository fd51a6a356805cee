using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace GrantAdmin.Tests.Support;

/// <summary>
/// A real OpenID Connect provider (OpenIddict) on a loopback port, standing in for the eHerkenning broker: authorization
/// code flow with PKCE, ephemeral signing keys, an end-session endpoint. It signs in whoever <see cref="Next"/> says
/// without asking, and can spoil the identity token it issues the way a hostile or misconfigured provider would.
/// </summary>
/// <param name="hostName">
/// The name the provider is reached by. A browser test names it "localhost" while the app is "127.0.0.1": two sites, so the
/// return from the provider is cross-site, as in production, and the SameSite=Strict session cookie is held back.
/// </param>
public sealed class OidcProvider(string hostName = "127.0.0.1") : IAsyncDisposable
{
    public const string ClientId = "grantadmin";
    public const string ClientSecret = "test-geheim";
    public const string OrganisationClaim = "urn:etoegang:core:LegalSubjectID";
    public const string AssuranceClaim = "urn:etoegang:core:LevelOfAssurance";
    /// <summary>The eHerkenning service (dienst) the machtiging is for, as brokers pass it on; one per role here.</summary>
    public const string ServiceClaim = "urn:etoegang:core:ServiceID";
    public const string SignatoryService = "urn:etoegang:DV:00000001234567890000:services:1";
    public const string FillerService = "urn:etoegang:DV:00000001234567890000:services:2";
    /// <summary>The ministry's provider names office roles in "roles", as Entra ID and Keycloak do.</summary>
    public const string OfficeRoleClaim = "roles";
    public const string ReviewerRole = "grantadmin-behandelaar";
    public const string ApproverRole = "grantadmin-accordeerder";

    /// <summary>The settings the app needs for its two providers, both served by this one; the role mappings as documented in docs/operations.md.</summary>
    public IEnumerable<KeyValuePair<string, string>> AppSettings()
    {
        foreach (var scheme in new[] { "eherkenning", "ministerie" })
        {
            yield return new($"Oidc:Schemes:{scheme}:Authority", Authority.ToString());
            yield return new($"Oidc:Schemes:{scheme}:ClientId", ClientId);
            yield return new($"Oidc:Schemes:{scheme}:ClientSecret", ClientSecret);
            yield return new($"Oidc:Schemes:{scheme}:RequireHttpsMetadata", "false");
        }
        yield return new("Oidc:Schemes:eherkenning:DisplayName", "eHerkenning");
        yield return new("Oidc:Schemes:eherkenning:OrganisationClaim", OrganisationClaim);
        yield return new("Oidc:Schemes:eherkenning:AssuranceClaim", AssuranceClaim);
        foreach (var setting in RoleClaim("eherkenning", 0, ServiceClaim, SignatoryService, "Tekenbevoegde")
            .Concat(RoleClaim("eherkenning", 1, ServiceClaim, FillerService, "Invuller"))) yield return setting;
        yield return new("Oidc:Schemes:ministerie:DisplayName", "Inloggen ministerie");
        yield return new("Oidc:Schemes:ministerie:RequiredAssurance", "");
        foreach (var setting in RoleClaim("ministerie", 0, OfficeRoleClaim, ApproverRole, "Accordeerder")
            .Concat(RoleClaim("ministerie", 1, OfficeRoleClaim, ReviewerRole, "Behandelaar"))) yield return setting;
        yield return new("Oidc:HelpContact", "de servicedesk subsidies (servicedesk@uitvoering.example)");
    }

    private static KeyValuePair<string, string>[] RoleClaim(string scheme, int index, string type, string value, string role) =>
    [
        new($"Oidc:Schemes:{scheme}:RoleClaims:{index}:ClaimType", type),
        new($"Oidc:Schemes:{scheme}:RoleClaims:{index}:Value", value),
        new($"Oidc:Schemes:{scheme}:RoleClaims:{index}:Role", role),
    ];

    public enum Spoil { Nothing, Audience, Issuer, Nonce }

    /// <param name="Claims">Further claims in the identity token, each (type, value); a type given twice becomes an array.</param>
    public sealed record Identity(string Subject, string? Organisation, string Assurance, params (string Type, string Value)[] Claims);

    private WebApplication? app;

    /// <summary>Who logs in at the provider next.</summary>
    public Identity Next { get; set; } = new("pseudo-1", null, "eH3");
    public Spoil Spoiling { get; set; }
    /// <summary>
    /// Shows a page with a button before signing in, as a real broker does. The return to the app is then a navigation
    /// that starts at the provider's site: only then does a browser hold back the app's SameSite=Strict cookie.
    /// </summary>
    public bool AsksToConfirm { get; set; }
    public Uri Authority { get; private set; } = null!;
    /// <summary>The id_token_hint of every end-session request, in order.</summary>
    public List<string?> EndedSessions { get; } = [];

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token").SetEndSessionEndpointUris("connect/endsession");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            // No stores: the one client is checked by the handlers below instead.
            o.EnableDegradedMode();
            o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough().EnableEndSessionEndpointPassthrough()
                .DisableTransportSecurityRequirement();
            o.AddEventHandler<ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(c =>
            {
                if (c.ClientId != ClientId) c.Reject(Errors.InvalidClient, "Unknown client.");
                return default;
            }));
            o.AddEventHandler<ValidateTokenRequestContext>(b => b.UseInlineHandler(c =>
            {
                if (c.ClientId != ClientId || c.ClientSecret != ClientSecret) c.Reject(Errors.InvalidClient, "Wrong client credentials.");
                return default;
            }));
            o.AddEventHandler<ValidateEndSessionRequestContext>(b => b.UseInlineHandler(_ => default));
            // After the identity token's claims are prepared, before it is signed: the spoiled token is signed by the right key.
            o.AddEventHandler<ProcessSignInContext>(b => b.UseInlineHandler(SpoilIdentityToken)
                .SetOrder(OpenIddictServerHandlers.GenerateIdentityToken.Descriptor.Order - 1));
        });
        app = builder.Build();
        // A token endpoint reached under another name issues tokens under that name: a wrong issuer, correctly signed.
        app.Use((http, next) =>
        {
            if (Spoiling == Spoil.Issuer && http.Request.Path.StartsWithSegments("/connect/token")) http.Request.Host = new HostString("nep-uitgever.invalid");
            return next(http);
        });
        app.UseAuthentication();
        app.MapGet("connect/authorize", Authorize);
        app.MapPost("connect/token", Token);
        app.MapGet("connect/endsession", EndSession);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Authority = new UriBuilder(address) { Host = hostName, Path = "/" }.Uri;
    }

    private IResult Authorize(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest()!;
        if (AsksToConfirm && !http.Request.Query.ContainsKey("bevestigd")) return ConfirmPage(http);
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, Next.Subject);
        identity.SetClaim(AssuranceClaim, Next.Assurance);
        if (Next.Organisation is not null) identity.SetClaim(OrganisationClaim, Next.Organisation);
        foreach (var (type, value) in Next.Claims) identity.AddClaim(new Claim(type, value));
        identity.SetDestinations(_ => [Destinations.IdentityToken]);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult ConfirmPage(HttpContext http)
    {
        var fields = string.Concat(http.Request.Query.Select(q =>
            $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(q.Key)}\" value=\"{WebUtility.HtmlEncode(q.Value.ToString())}\">"));
        return Results.Content($"""
            <!doctype html><html lang="nl"><head><title>Inlogdienst</title></head><body><main>
            <form method="get" action="/connect/authorize">{fields}<input type="hidden" name="bevestigd" value="ja"><button type="submit">Inloggen bij de inlogdienst</button></form>
            </main></body></html>
            """, "text/html");
    }

    /// <summary>The code's own principal, signed in again: OpenIddict answers with the tokens.</summary>
    private static async Task Token(HttpContext http)
    {
        var code = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        await http.SignInAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, code.Principal!);
    }

    private IResult EndSession(HttpContext http)
    {
        EndedSessions.Add(http.GetOpenIddictServerRequest()!.IdTokenHint);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private ValueTask SpoilIdentityToken(ProcessSignInContext context)
    {
        if (context.IdentityTokenPrincipal is not { } token) return default;
        switch (Spoiling)
        {
            case Spoil.Audience: token.SetAudiences("een-andere-applicatie"); break;
            case Spoil.Nonce: token.SetClaim(Claims.Nonce, "niet-de-nonce"); break;
        }
        return default;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }
}
