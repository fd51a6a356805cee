using System.Globalization;
using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Benchmark;
using GrantAdmin.Web.Features.Demo;
using GrantAdmin.Web.Features.ReferenceData;
using GrantAdmin.Web.Features.Users;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Hosting;
using GrantAdmin.Web.Infrastructure.Mail;
using GrantAdmin.Web.Infrastructure.Pdf;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.SqlServer;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace GrantAdmin.Web;

/// <summary>The composition root: every service, option and middleware, in one place.</summary>
public static class Composition
{
    public static void AddGrantAdmin(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        builder.Host.UseDefaultServiceProvider(o => { o.ValidateOnBuild = true; o.ValidateScopes = true; });
        DevelopmentOnlySettings.RefuseInProduction(builder.Environment, configuration);

        TypeHandlers.Register();
        var dialect = SqlDialect.For(configuration["Database:Engine"] ?? "Sqlite", configuration["Database:SqliteSynchronous"]);
        var connectionString = configuration.GetConnectionString("GrantAdmin")
            ?? throw new InvalidOperationException("ConnectionStrings:GrantAdmin is not set.");
        services.AddSingleton<IOutboxKick, HangfireOutboxKick>();
        services.AddSingleton(provider => new Db(connectionString, dialect, provider.GetRequiredService<IOutboxKick>()));
        services.AddSingleton(ShiftedTimeProvider.Create(builder.Environment, configuration));

        // Cookies are Secure-only wherever TLS is in front (Production); the local http://localhost run can't be.
        var httpsOnly = configuration.GetValue("Security:HttpsOnlyCookies", true);
        var cookieSecurity = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddBehindProxy(configuration);
        services.AddControllersWithViews(o =>
            {
                if (httpsOnly) o.Filters.Add(new PlainHttpRefused());
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                o.Conventions.Add(new RouteValuesWin());
                o.Filters.Add(new UnreadableForms());
                o.Filters.Add<RefuseUnboundValues>();
                // Forms are checked by their own Validate() with Dutch messages; DataAnnotations' implicit English
                // "required" on non-nullable properties would only add noise to ModelState (which refuses a POST).
                o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
                DutchModelBindingMessages.Apply(o.ModelBindingMessageProvider);
                o.ModelBinderProviders.Insert(0, new BoundedTextBinderProvider());
            })
            .AddRazorOptions(o =>
            {
                o.ViewLocationFormats.Clear();
                o.ViewLocationFormats.Add("/Features/{1}/{0}.cshtml");
                o.ViewLocationFormats.Add("/Features/Shared/{0}.cshtml");
            });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "grantadmin.af";
            o.Cookie.SecurePolicy = cookieSecurity;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        // TempData (the notice after a redirect) rides in a cookie too: locked down like the others.
        services.Configure<CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = "grantadmin.td";
            o.Cookie.SecurePolicy = cookieSecurity;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        // A year, subdomains included (ASVS 3.4.1); only sent on https, which behind the proxy needs the forwarded scheme.
        services.AddHsts(o => { o.MaxAge = TimeSpan.FromDays(365); o.IncludeSubDomains = true; });
        services.AddValidatedSettings<SessionSettings>(configuration, "Security:Session");
        services.AddSingleton<SessionStore>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "grantadmin.auth";
                o.Cookie.SecurePolicy = cookieSecurity;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.HttpOnly = true;
                o.LoginPath = AccountController.LoginPath;
                o.LogoutPath = "/uitloggen";
                o.AccessDeniedPath = AccountController.AccessDeniedPath;
                // The session store decides idle and absolute expiry; the cookie's own sliding renewal would only rewrite it.
                o.SlidingExpiration = false;
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<SessionStore, IOptions<SessionSettings>>((o, store, sessions) =>
            {
                o.SessionStore = store;
                o.ExpireTimeSpan = sessions.Value.AbsoluteTimeout;
            });
        builder.AddExternalLogins(cookieSecurity);
        services.AddValidatedSettings<LoginThrottleSettings>(configuration, "Security:Login");
        services.AddSingleton<LoginThrottle>();
        services.AddRateLimiter(LoginThrottle.AddAddressPolicy);
        services.AddValidatedSettings<RequestConcurrencySettings>(configuration, "Limits");
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RequestConcurrencySettings>>((o, limits) => o.GlobalLimiter = RequestConcurrency.Limiter(limits.Value));
        // Deny by default: every action needs a signed-in user unless it says [AllowAnonymous]. A worker maps no pages:
        // without the fallback its every answer is 404, not a redirect to a sign-in page it does not serve.
        var role = HostRoles.Of(configuration);
        services.AddAuthorization(o => o.FallbackPolicy = role.ServesPages() ? new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build() : null);

        // Several web servers must read each other's cookies and anti-forgery tokens: one key ring, in the database.
        services.AddDataProtection().SetApplicationName("GrantAdmin");
        services.AddOptions<KeyManagementOptions>().Configure<Db>((o, db) => o.XmlRepository = new DbKeyRing(db));

        services.AddGrantAdminHealth();
        services.AddSingleton<RazorRenderer>();
        services.AddSingleton(new VersionedCache());
        // The <cache> tag helper keeps the ceiling meters' HTML under their content (Meter.ContentKey): a few KB per round
        // set, so 16 MB holds every gemeente's; the default 100 MB would let it take a third of the memory budget.
        services.Configure<Microsoft.AspNetCore.Mvc.TagHelpers.CacheTagHelperOptions>(o => o.SizeLimit = 16 * 1024 * 1024);
        services.AddSingleton<PdfRenderer>();
        services.AddHostedService<PdfWarmUp>();
        services.AddSingleton<IMailTransport, SmtpMailTransport>();
        services.AddValidatedSettings<MailSettings>(configuration, "Mail");
        services.AddValidatedSettings<PdfSettings>(configuration, "Pdf");
        services.AddValidatedSettings<OutboxSettings>(configuration, "Outbox");
        services.AddScoped<OutboxDispatcher>();
        services.AddSingleton(new LeaseClock(TimeProvider.System));
        services.AddScoped<ReceiptDocument>();
        services.AddScoped<Documents>();
        services.AddScoped<GrantAdmin.Web.Features.Cases.CompletionRequestLetter>();
        services.AddScoped<LoginHandler>();
        services.AddScoped<ChangePassword.Handler>();
        services.AddScoped<ManageUsers.Handler>();
        services.AddScoped<LinkExternalLogin.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Rounds.FixLotterySeed.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Deadlines.DesignatedDays.Handler>();
        services.AddScoped<Dashboard.Handler>();
        services.AddScoped<EditDraft.Handler>();
        services.AddScoped<EditDraft.Fields>();
        services.AddScoped<SubmitApplication.Handler>();
        services.AddScoped<WithdrawApplication.Handler>();
        services.AddScoped<ApplicationQueries>();
        services.AddScoped<CaseForGemeente.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Cases.Queue.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Cases.Assignment.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Cases.CaseFile.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Cases.ExpireCompletionTermsJob>();
        services.AddScoped<GrantAdmin.Web.Features.Reminders.SendRemindersJob>();
        services.AddScoped<SubmitSupplement.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Cases.JudgeCompleteness.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Cases.ExtendDecisionTerm.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Cases.AcceptLateSupplement.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Rounds.SetLateSupplementPolicy.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Cases.ExtensionLetter>();
        services.AddScoped<GrantAdmin.Web.Features.Decisions.DecisionLetter>();
        services.AddScoped<GrantAdmin.Web.Features.Decisions.PrepareDecision.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Decisions.ReviewDecision.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Decisions.SendDecisionLettersJob>();
        services.AddScoped<GrantAdmin.Web.Features.Decisions.SendLetters.Handler>();
        services.AddValidatedSettings<GrantAdmin.Web.Features.Decisions.DecisionDispatchSettings>(configuration, "Dispatch");
        services.AddScoped<GrantAdmin.Web.Features.Payments.ExportPayments.Handler>();
        services.AddValidatedSettings<GrantAdmin.Web.Features.Settlement.SettlementSettings>(configuration, "Settlement");
        services.AddScoped<GrantAdmin.Web.Features.Settlement.SettlementLetter>();
        services.AddScoped<GrantAdmin.Web.Features.Settlement.SettlementPage.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Settlement.RecordSpending.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Settlement.PrepareSettlement.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Settlement.ReviewSettlement.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Settlement.ContactDataRetentionJob>();
        services.AddValidatedSettings<GrantAdmin.Web.Features.Settlement.RetentionSettings>(configuration, "Retention");
        services.AddScoped<GrantAdmin.Web.Features.Rounds.SetPaymentPercentage.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Audit.ExportAuditLog.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Objections.ObjectionQueries.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Objections.RegisterObjection.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Objections.ExcuseLateness.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Objections.ExtendHandlingTerm.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Objections.DecideObjection.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Ranking.CeilingMeter>();
        services.AddSingleton<GrantAdmin.Web.Features.Ranking.CeilingMeter.Sums>();
        services.AddScoped<GrantAdmin.Web.Features.Ranking.LedgerCheck>();
        services.AddScoped<GrantAdmin.Web.Features.Ranking.PublishLedger>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Overview.CountryOverview.Handler>();
        services.AddSingleton<GrantAdmin.Web.Features.Programme.Overview.OverviewCharts.Cache>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Overview.OverviewCharts.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Exports.ProgrammeExports.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Exports.OpenGrantsExport.Handler>();
        services.AddValidatedSettings<PlanSettings>(configuration, "Plans");
        services.AddScoped<PlanUpload>();
        services.AddScoped<PurgeStagedPlansJob>();
        services.AddScoped<ReferenceDataLoader>();
        services.AddScoped<DemoData>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Ambassadors.ManageAmbassador.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Ambassadors.OutreachLog.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Ambassadors.RegionOverview.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Ambassadors.MyContacts.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Ambassadors.AmbassadorDemoData>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Participants.ParticipantQueries>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Participants.EditParticipant.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Cohorts.ProgrammeOverview.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Cohorts.EditCohort.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Progress.ParticipantProgress.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Progress.CohortChecklist.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Progress.ProgressDemoData>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Budget.ParticipantBudget.Handler>();
        services.AddScoped<GrantAdmin.Web.Features.Programme.Budget.CohortBudget.Handler>();

        // Each app its own job store and job activator, held by its container rather than by Hangfire's process-wide
        // JobStorage.Current and JobActivator.Current: two apps in one process (the test suite) would otherwise run their
        // jobs in whichever app configured Hangfire last, and fail once that app stopped. Registered before AddHangfire,
        // whose own registrations of both are TryAdd.
        // Hangfire keeps no state of ours: every job re-reads its pending rows, so the in-memory store (embedded
        // default) may forget on restart without losing anything.
        services.AddSingleton<JobStorage>(_ => dialect == SqlDialect.SqlServer
            ? new SqlServerStorage(connectionString, new SqlServerStorageOptions
            {
                // Off on web servers and workers whose database user has no DDL rights; the --migrate-only run installs it.
                PrepareSchemaIfNecessary = configuration.GetValue("Hangfire:PrepareSchema", true),
            })
            : new InMemoryStorage(new InMemoryStorageOptions()));
        services.AddSingleton<JobActivator>(provider => new Hangfire.AspNetCore.AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            // Hangfire's log provider is process-wide: a process hosting several apps one after another (the test
            // suite) must not keep one bound to an app that has already stopped.
            if (configuration.GetValue("Hangfire:ProcessWideLogsOff", false)) config.UseNoOpLogProvider();
        });
        // Host:Role: a web server enqueues jobs but runs none; a worker runs them and serves no pages (UseGrantAdmin).
        var sharedJobStore = dialect == SqlDialect.SqlServer;
        if (role == HostRole.Web && !sharedJobStore) services.AddSingleton<IBackgroundJobClient, JobsLeftToWorkers>();
        if (!role.RunsJobs()) return;
        services.AddHangfireServer(o =>
        {
            o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            o.WorkerCount = Math.Max(2, Environment.ProcessorCount);
        });
        if (role == HostRole.Worker && !sharedJobStore)
        {
            var interval = configuration.GetValue("Host:PollInterval", TimeSpan.FromSeconds(2));
            services.AddHostedService(p => new WorkerPoll(p.GetRequiredService<IServiceScopeFactory>(), interval, p.GetRequiredService<ILogger<WorkerPoll>>()));
        }
    }

    /// <summary>
    /// Login through OpenID Connect providers (eHerkenning via a broker, the ministry's own), one scheme per entry in
    /// "Oidc:Schemes". The provider's answer ends in the same cookie and server-side session as a password login.
    /// </summary>
    private static void AddExternalLogins(this WebApplicationBuilder builder, CookieSecurePolicy cookieSecurity)
    {
        var section = builder.Configuration.GetSection("Oidc");
        builder.Services.AddValidatedSettings<ExternalLoginSettings>(builder.Configuration, "Oidc");
        builder.Services.AddScoped<ExternalLoginHandler>();
        var authentication = builder.Services.AddAuthentication();
        foreach (var (name, scheme) in section.Get<ExternalLoginSettings>()?.Schemes ?? [])
        {
            // The name is part of the callback paths.
            if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z][a-z0-9-]{0,29}$"))
                throw new InvalidOperationException($"Oidc:Schemes:{name}: a scheme name is lower-case letters, digits and '-'.");
            authentication.AddOpenIdConnect(name, scheme.DisplayName, o =>
            {
                o.Authority = scheme.Authority;
                o.ClientId = scheme.ClientId;
                o.ClientSecret = scheme.ClientSecret;
                o.RequireHttpsMetadata = scheme.RequireHttpsMetadata;
                // Authorization code flow with PKCE; the code comes back in the query of a top-level GET, so the
                // correlation and nonce cookies can be SameSite=Lax instead of None.
                o.ResponseType = "code";
                o.ResponseMode = "query";
                o.UsePkce = true;
                o.Scope.Clear();
                o.Scope.Add("openid");
                foreach (var extra in scheme.Scopes) o.Scope.Add(extra);
                o.MapInboundClaims = false;
                o.SaveTokens = true;
                o.DisableTelemetry = true;
                o.CallbackPath = $"/inloggen/extern/{name}/terug";
                o.SignedOutCallbackPath = $"/uitloggen/extern/{name}/terug";
                o.SignedOutRedirectUri = "/";
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.SignOutScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                // Scoped to where the login starts and returns (not to the callback path alone): a cookie whose path does not
                // cover the page that set it is dropped by some clients (.NET's CookieContainer among them).
                o.CorrelationCookie.Path = "/inloggen/extern";
                o.NonceCookie.Path = "/inloggen/extern";
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = cookieSecurity;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = cookieSecurity;
                ExternalLoginEvents.Configure(o);
            });
        }
    }

    public static void PrepareDatabase(this WebApplication app, StartupTimeline timeline)
    {
        var db = app.Services.GetRequiredService<Db>();
        Migrations.Run(db, app.Logger);
        // SQL Server: creating the job storage installs or upgrades Hangfire's schema, here with the rights of whoever migrates.
        if (db.Dialect == SqlDialect.SqlServer) _ = app.Services.GetRequiredService<JobStorage>();
        timeline.Mark("migrations checked");
        using var scope = app.Services.CreateScope();
        var loaded = scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().LoadIfChangedAsync().GetAwaiter().GetResult();
        timeline.Mark(loaded ? "reference data loaded" : "reference data unchanged, not loaded");
        if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Demo:Seed", false))
            scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync().GetAwaiter().GetResult();
    }

    public static void UseGrantAdmin(this WebApplication app)
    {
        // Every options section at once, before anything below reads one: a start with wrong settings names them all.
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        var role = HostRoles.Of(app.Configuration);
        if (role.RunsJobs()) RecurringJobs.Register(app.Services);
        if (!role.ServesPages())
        {
            app.MapGrantAdminHealth(); // a worker answers its probes; every other request gets 404
            return;
        }
        // First: everything after it (https checks, HSTS, cookies, the sign-in throttle's client address) sees the
        // client's scheme and address as a known proxy forwarded them (BehindProxy).
        app.UseForwardedHeaders();
        app.UseUserIdLogScope();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/fout");
            app.UseHsts();
        }
        app.UseSecurityHeaders(app.Services.GetRequiredService<IOptions<ExternalLoginSettings>>().Value);
        app.UseRefusalLog();
        app.UseStatusCodePagesWithReExecute("/fout/{0}");
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Amsterdam.Culture),
            SupportedCultures = [Amsterdam.Culture],
            SupportedUICultures = [Amsterdam.Culture],
        });
        CultureInfo.DefaultThreadCurrentCulture = Amsterdam.Culture;
        CultureInfo.DefaultThreadCurrentUICulture = Amsterdam.Culture;
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();
        app.MapGrantAdminHealth();
        app.MapFloorPage();
        app.MapGet("/favicon.ico", () => Results.Bytes(Favicon.Ico, Favicon.ContentType)).AllowAnonymous();
        app.MapHangfireDashboard("/beheer/hangfire", new DashboardOptions
        {
            Authorization = [new HangfireDashboardAuthorization()],
            AppPath = "/",
        }).RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Beheerder });
    }
}
