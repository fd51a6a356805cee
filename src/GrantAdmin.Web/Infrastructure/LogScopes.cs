using System.Collections;
using System.Security.Claims;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// Every log line written during a signed-in user's request carries that user's id as the scope value <c>UserId</c>
/// (beside the TraceId, SpanId and RequestId the host adds), so a log shipper can follow one person's actions without
/// the log holding a name or an e-mail address. The scope opens first and reads the user when a line is written, so
/// lines written after sign-in is known (the refusal log, the error handler) carry it too.
/// </summary>
public static class LogScopes
{
    public static void UseUserIdLogScope(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GrantAdmin.Requests");
        app.Use(async (context, next) =>
        {
            using (logger.BeginScope(new UserScope(context)))
                await next();
        });
    }

    private sealed class UserScope(HttpContext context) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private string? UserId => context.User.FindFirstValue(ClaimTypes.NameIdentifier);

        public int Count => UserId is null ? 0 : 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 && UserId is { } id ? new("UserId", id) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            if (UserId is { } id) yield return new("UserId", id);
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => UserId is { } id ? $"UserId:{id}" : "";
    }
}
