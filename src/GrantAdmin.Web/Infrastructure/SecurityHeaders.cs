using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Web.Infrastructure;

public static class SecurityHeaders
{
    // No inline script or style anywhere: every script and stylesheet is a file under wwwroot.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The policy with the login providers added to form-action: logging out is a form post that the app answers with a
    /// redirect to the provider's end-session endpoint, and browsers check form-action on such redirects too.
    /// </summary>
    public static string PolicyFor(ExternalLoginSettings logins)
    {
        var providers = logins.Schemes.Values.Select(s => Uri.TryCreate(s.Authority, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null)
            .OfType<string>().Distinct().ToList();
        return providers.Count == 0 ? ContentSecurityPolicy
            : ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {string.Join(' ', providers)}", StringComparison.Ordinal);
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, ExternalLoginSettings logins)
    {
        var policy = PolicyFor(logins);
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                // Every page and download of the app (plans, letters, the payment file with IBANs, exports) is personal or
                // official: no browser or proxy keeps a copy. Static files (no endpoint) stay cacheable.
                if (context.GetEndpoint() is not null && string.IsNullOrEmpty(headers.CacheControl)) headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            await next();
        });
    }
}
