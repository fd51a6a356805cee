using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Infrastructure.Mail;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>The one place where recurring jobs are registered: id = the job's name, cron from configuration.</summary>
public static class RecurringJobs
{
    public static void Register(IServiceProvider services)
    {
        var manager = services.GetRequiredService<IRecurringJobManager>();
        var outbox = services.GetRequiredService<IOptions<OutboxSettings>>().Value;
        var options = new RecurringJobOptions { TimeZone = Amsterdam.Zone };
        // The sweep is what makes the outbox reliable (retries, catch-up after a restart): it runs everywhere.
        manager.AddOrUpdate<OutboxDispatcher>(nameof(OutboxDispatcher), d => d.SweepAsync(CancellationToken.None), outbox.SweepCron, options);
        manager.Trigger(nameof(OutboxDispatcher)); // and once at start: mail left by a stopped process goes out at once
        // The same for decision letters: retries that are due, and verzendrondes whose job was lost in a restart.
        var dispatch = services.GetRequiredService<IOptions<Features.Decisions.DecisionDispatchSettings>>().Value;
        manager.AddOrUpdate<Features.Decisions.SendDecisionLettersJob>(nameof(Features.Decisions.SendDecisionLettersJob),
            j => j.SweepAsync(CancellationToken.None), dispatch.SweepCron, options);
        // Hourly, so a term that ended yesterday is flagged early today whatever the server's downtime.
        manager.AddOrUpdate<Features.Cases.ExpireCompletionTermsJob>(nameof(Features.Cases.ExpireCompletionTermsJob), j => j.ExecuteAsync(CancellationToken.None), "5 * * * *", options);
        // Hourly; and once now, at start, so reminders whose moment passed during downtime go out at once.
        var reminders = services.GetRequiredService<IConfiguration>()["Reminders:Cron"] ?? "0 * * * *";
        manager.AddOrUpdate<Features.Reminders.SendRemindersJob>(nameof(Features.Reminders.SendRemindersJob), j => j.ExecuteAsync(CancellationToken.None), reminders, options);
        manager.Trigger(nameof(Features.Reminders.SendRemindersJob));
        manager.AddOrUpdate<PurgeStagedPlansJob>(nameof(PurgeStagedPlansJob), j => j.ExecuteAsync(CancellationToken.None), "15 3 * * *", options);
        // Daily; derived from the settled cases, so a missed night is caught up by the next run.
        var retention = services.GetRequiredService<IOptions<Features.Settlement.RetentionSettings>>().Value;
        manager.AddOrUpdate<Features.Settlement.ContactDataRetentionJob>(nameof(Features.Settlement.ContactDataRetentionJob),
            j => j.ExecuteAsync(CancellationToken.None), retention.Cron, options);
    }
}

/// <summary>The Hangfire dashboard is for beheerders only.</summary>
public sealed class HangfireDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Beheerder);
}
