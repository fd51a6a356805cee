using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// Options sections checked when the app starts (ValidateOnStart): a wrong value stops the start with a message that
/// names the setting as it is written in appsettings or the environment ("Mail:Port"), instead of failing the first
/// mail or letter hours later.
/// </summary>
public static class Settings
{
    public static void AddValidatedSettings<T>(this IServiceCollection services, IConfiguration configuration, string section) where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section));
    }

    /// <summary>The DataAnnotations of <typeparamref name="T"/>, each failure as "Section:Property: message".</summary>
    public static IReadOnlyList<string> Problems<T>(T value, string section) where T : class
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
        return results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
    }

    private sealed class SectionValidator<T>(string section) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            Problems(options, section) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}

/// <summary>A cron expression of 5 or 6 fields (Hangfire checks the fields themselves when the job is registered).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CronAttribute() : RegularExpressionAttribute(@"^\s*\S+(\s+\S+){4,5}\s*$")
{
    public override string FormatErrorMessage(string name) => "must be a cron expression of 5 or 6 fields, such as \"* * * * *\".";
}

/// <summary>
/// Settings that only make sense on a developer's machine. A Production start that carries one refuses, naming it:
/// demo accounts with a published password, a clock that is not the real time, mail that goes to the local catcher
/// (MailDev on port 1025) instead of to gemeenten, a login provider reached over plain http, or SQLite commits that may
/// be lost with the power.
/// </summary>
public static class DevelopmentOnlySettings
{
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var problems = new List<string>();
        if (configuration.GetValue("Demo:Seed", false))
            problems.Add("Demo:Seed is true: demo accounts with a known password must not exist in production.");
        if (!string.IsNullOrWhiteSpace(configuration["Clock:StartAt"]))
            problems.Add("Clock:StartAt is set: production runs on the real time.");
        var host = configuration["Mail:Host"];
        var isLoopback = host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        if (isLoopback && configuration.GetValue("Mail:Port", 0) == 1025)
            problems.Add("Mail:Host/Mail:Port point to the local mail catcher (MailDev, port 1025): set the mail relay.");
        foreach (var scheme in configuration.GetSection("Oidc:Schemes").GetChildren())
            if (scheme["Authority"]?.StartsWith("http:", StringComparison.OrdinalIgnoreCase) == true || !scheme.GetValue("RequireHttpsMetadata", true))
                problems.Add($"Oidc:Schemes:{scheme.Key}: plain http to the login provider (an http:// Authority or RequireHttpsMetadata false) is for a test provider on this machine only.");
        if (string.Equals(configuration["Database:SqliteSynchronous"], "Normal", StringComparison.OrdinalIgnoreCase))
            problems.Add("Database:SqliteSynchronous is Normal: production keeps every commit on disk before it answers (Full).");
        return problems;
    }

    public static void RefuseInProduction(IHostEnvironment environment, IConfiguration configuration)
    {
        if (!environment.IsProduction()) return;
        var problems = Problems(configuration);
        if (problems.Count > 0)
            throw new InvalidOperationException("Production start refused, development-only settings: " + string.Join(" ", problems));
    }
}
