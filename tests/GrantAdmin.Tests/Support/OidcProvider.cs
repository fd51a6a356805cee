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
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "grantadmin";
    public const string ClientSecret = "test-geheim";
    public const string OrganisationClaim = "urn:etoegang:core:LegalSubjectID";
    public const string AssuranceClaim = "urn:etoegang:core:LevelOfAssurance";

    public enum Spoil { Nothing, Audience, Issuer, Nonce }

    public sealed record Identity(string Subject, string? Organisation, string Assurance);

    private WebApplication? app;

    /// <summary>Who logs in at the provider next.</summary>
    public Identity Next { get; set; } = new("pseudo-1", null, "eH3");
    public Spoil Spoiling { get; set; }
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
        Authority = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    private IResult Authorize(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest()!;
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, Next.Subject);
        identity.SetClaim(AssuranceClaim, Next.Assurance);
        if (Next.Organisation is not null) identity.SetClaim(OrganisationClaim, Next.Organisation);
        identity.SetDestinations(_ => [Destinations.IdentityToken]);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
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
