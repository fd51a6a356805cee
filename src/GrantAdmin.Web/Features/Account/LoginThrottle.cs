using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace GrantAdmin.Web.Features.Account;

/// <summary>Settings "Security:Login".</summary>
public sealed class LoginThrottleSettings
{
    /// <summary>Login attempts (right or wrong) one address may make per <see cref="AddressWindow"/>; more answer 429.</summary>
    [Range(1, int.MaxValue)] public int AttemptsPerAddress { get; set; } = 30;
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed attempts on one e-mail address, known or not, per <see cref="AccountWindow"/>; then it is refused.</summary>
    [Range(1, int.MaxValue)] public int FailuresPerAccount { get; set; } = 5;
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan AccountWindow { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Throttles logins in memory, per address (ASP.NET Core's rate limiter on the login POST) and per account (the same
/// library's partitioned limiter, keyed by the e-mail address as typed: unknown addresses are throttled exactly like
/// known ones, so the answer tells nothing). A failed login therefore writes nothing to the database. Each web server
/// counts for itself.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    public const string AddressPolicy = "login-per-address";

    private readonly PartitionedRateLimiter<string> failures;

    public LoginThrottle(IOptions<LoginThrottleSettings> options)
    {
        var settings = options.Value;
        Settings = settings;
        failures = PartitionedRateLimiter.Create<string, string>(account => RateLimitPartition.GetFixedWindowLimiter(account, _ => new()
        {
            PermitLimit = settings.FailuresPerAccount, Window = settings.AccountWindow, QueueLimit = 0, AutoReplenishment = true,
        }));
    }

    public LoginThrottleSettings Settings { get; }

    public string RefusedMessage => $"Te veel mislukte pogingen met dit e-mailadres. Wacht {Settings.AccountWindow.TotalMinutes:0} minuten en probeer het dan opnieuw.";

    public bool IsRefused(string account) => failures.GetStatistics(account)?.CurrentAvailablePermits is 0;

    /// <summary>Counts a failed attempt; true when it was the last one allowed, so the account is refused from now on.</summary>
    public bool CountFailure(string account)
    {
        using var lease = failures.AttemptAcquire(account);
        return IsRefused(account);
    }

    public static void AddAddressPolicy(RateLimiterOptions options)
    {
        options.AddPolicy(AddressPolicy, context =>
        {
            var settings = context.RequestServices.GetRequiredService<IOptions<LoginThrottleSettings>>().Value;
            return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => new()
            {
                PermitLimit = settings.AttemptsPerAddress, Window = settings.AddressWindow, QueueLimit = 0, AutoReplenishment = true,
            });
        });
        // 429 with an empty body: the status-code page (/fout/429) explains it in Dutch.
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (context, _) =>
        {
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ValueTask.CompletedTask;
        };
    }

    public void Dispose() => failures.Dispose();
}
