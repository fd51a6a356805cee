using System.Security.Claims;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// Every request the app refuses is logged with who asked and from where (ASVS 16.3.2/16.3.3): no access, not found
/// (which is also what another gemeente's object answers), a form or value it will not read, too many attempts; a
/// sign-in redirect at a lower level, as it is mostly an ended session. The path is logged, never the query or the body,
/// which may carry personal data. The client address is the forwarded one behind a known proxy (BehindProxy).
/// </summary>
public static class RefusalLog
{
    public static IApplicationBuilder UseRefusalLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("GrantAdmin.Refusals");
        return app.Use(async (context, next) =>
        {
            await next();
            var response = context.Response;
            // The sign-in and access-denied redirects carry the full address; only the path is compared and logged.
            var redirect = response.StatusCode == StatusCodes.Status302Found
                && Uri.TryCreate(new Uri("http://app"), response.Headers.Location.ToString(), out var target) ? target.AbsolutePath : "";
            var level = response.StatusCode switch
            {
                StatusCodes.Status400BadRequest or StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound
                    or StatusCodes.Status405MethodNotAllowed or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status429TooManyRequests => LogLevel.Warning,
                _ when redirect.StartsWith(Features.Account.AccountController.AccessDeniedPath, StringComparison.Ordinal) => LogLevel.Warning,
                _ when redirect.StartsWith(Features.Account.AccountController.LoginPath, StringComparison.Ordinal) => LogLevel.Information,
                _ => LogLevel.None,
            };
            if (level == LogLevel.None) return;
            logger.Log(level, "Geweigerd: {Method} {Path} gaf {Status}{Redirect} voor gebruiker {UserId} vanaf {Address}",
                context.Request.Method, context.Request.Path.Value, response.StatusCode, redirect.Length > 0 ? " naar " + redirect : "",
                context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anoniem", context.Connection.RemoteIpAddress?.ToString() ?? "onbekend");
        });
    }
}
