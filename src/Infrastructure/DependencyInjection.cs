using MediatR;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Calendars;
using Streaming.Infrastructure.Data;
using Streaming.Infrastructure.Data.Interceptors;
using Streaming.Infrastructure.Data.Seeding;
using Streaming.Infrastructure.Email;
using Streaming.Infrastructure.Identity;
using Streaming.Infrastructure.Identity.External;
using Streaming.Infrastructure.Jobs;
using Streaming.Infrastructure.Media;
using Streaming.Infrastructure.Live;
using Streaming.Infrastructure.Payments;
using Streaming.Infrastructure.Recordings;
using Streaming.Infrastructure.Redis;
using Streaming.Infrastructure.Storage;
using Streaming.Infrastructure.Tokens;
using TokenOptions = Streaming.Application.Common.Options.TokenOptions;

namespace Streaming.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                "ConnectionStrings:Default is not set. Start the app with 'bash scripts/run.sh', or set ConnectionStrings__Default.");

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        // A factory for components that need their own short unit of work (the built-in ledger),
        // and one context per request for everything else.
        services.TryAddSingleton<ICatalogCache, NoCatalogCache>();
        services.AddSingleton<CatalogChangesInterceptor>();
        services.AddSingleton<DispatchDomainEventsInterceptor>();
        services.AddDbContextFactory<ApplicationDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()).AddInterceptors(
                sp.GetRequiredService<DispatchDomainEventsInterceptor>(), sp.GetRequiredService<CatalogChangesInterceptor>()));
        services.AddScoped(sp =>
        {
            var context = sp.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
            // The scope's mediator publishes the domain events of this context's saves.
            context.DomainEventPublisher = sp.GetService<IMediator>();
            return context;
        });
        services.AddScoped<IApplicationDbContext>(sp => sp.GetRequiredService<ApplicationDbContext>());

        services.AddOptions<RetentionPolicy>().Bind(configuration.GetSection("Retention"))
            .Validate(r => r.ReplayRetention > TimeSpan.Zero && r.CatalogMigrationMonths > 0,
                "Retention:ReplayRetention and Retention:CatalogMigrationMonths must be positive.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RetentionPolicy>>().Value);
        services.AddOptions<ClassClosingPolicy>().Bind(configuration.GetSection("Classes"))
            .Validate(p => p.BroadcasterAbsenceLimit > TimeSpan.Zero && p.EndGrace >= TimeSpan.Zero && p.HeartbeatGap > TimeSpan.Zero,
                "Classes:BroadcasterAbsenceLimit and Classes:HeartbeatGap must be positive and Classes:EndGrace not negative.")
            .Validate(p => p.MinimumBroadcastShare is >= 0 and <= 1, "Classes:MinimumBroadcastShare must be between 0 and 1.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ClassClosingPolicy>>().Value);
        services.AddOptions<InstructorOptions>().Bind(configuration.GetSection(InstructorOptions.Section));
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection(SeedOptions.Section));
        services.AddOptions<EnrollmentOptions>().Bind(configuration.GetSection(EnrollmentOptions.Section))
            .Validate(o => o.CancellationWindow >= TimeSpan.Zero && o.ReconcileAfter > TimeSpan.Zero,
                "Enrollment:CancellationWindow must not be negative and Enrollment:ReconcileAfter must be positive.")
            .ValidateOnStart();

        services.AddSingleton<ICalendarWriter, IcsCalendarWriter>();
        services.AddMedia(configuration);
        services.AddBackgroundJobs(configuration, connectionString);
        services.AddEmail(configuration);

        AddIdentity(services, configuration);
        AddTokenLedger(services, configuration);
        services.AddPayments(configuration);
        services.AddRecordings(configuration);
        services.AddLive(configuration);

        services.AddSingleton<DatabaseMigrator>();
        services.AddScoped<DemoDataSeeder>();
        services.AddScoped<DatabaseInitialiser>();

        services.AddRedis(configuration);
        services.AddHealthChecks()
            .AddDbContextCheck<ApplicationDbContext>("database", tags: [HealthTags.Ready])
            .AddCheck<BlobStorageHealthCheck>("storage", tags: [HealthTags.Ready]);
        services.AddSingleton<BlobStorageHealthCheck>();

        // Keys live in PostgreSQL so every instance reads the same cookies and antiforgery tokens.
        services.AddDataProtection().SetApplicationName("Streaming").PersistKeysToDbContext<ApplicationDbContext>();

        return services;
    }

    private static void AddTokenLedger(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TokenOptions>().Bind(configuration.GetSection(TokenOptions.Section))
            .Validate(o => o.Provider != TokenProvider.Http || Uri.TryCreate(o.Http.BaseUrl, UriKind.Absolute, out _),
                "Tokens:Http:BaseUrl must be an absolute URL when Tokens:Provider is Http.")
            .Validate(o => o.Http.Timeout > TimeSpan.Zero && o.Http.Retries is >= 0 and <= 5,
                "Tokens:Http:Timeout must be positive and Tokens:Http:Retries between 0 and 5.")
            .ValidateOnStart();

        var provider = configuration.GetSection(TokenOptions.Section).Get<TokenOptions>()?.Provider ?? TokenProvider.BuiltIn;
        if (provider == TokenProvider.Http)
            services.AddHttpTokenLedger();
        else
            services.AddScoped<ITokenLedger, BuiltInTokenLedger>();
    }

    private static void AddIdentity(IServiceCollection services, IConfiguration configuration)
    {
        // Per-IP throttling (Web) is the first line against password guessing; the lock-out is the
        // last, set high enough that one address cannot lock accounts cheaply (README, Security).
        var lockoutAttempts = configuration.GetValue("Identity:Lockout:MaxFailedAttempts", 10);
        var lockoutDuration = configuration.GetValue("Identity:Lockout:Duration", TimeSpan.FromMinutes(15));
        services.AddIdentity<ApplicationUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = lockoutAttempts;
                options.Lockout.DefaultLockoutTimeSpan = lockoutDuration;
                // Members may sign in before confirming their address; a banner asks them to confirm.
                options.SignIn.RequireConfirmedAccount = false;
                options.Tokens.PasswordResetTokenProvider = ClockedTokenProvider.ProviderName;
                options.Tokens.EmailConfirmationTokenProvider = ClockedTokenProvider.ProviderName;
                options.Tokens.ChangeEmailTokenProvider = ClockedTokenProvider.ProviderName;
            })
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddClaimsPrincipalFactory<ProfileClaimsPrincipalFactory>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<ClockedTokenProvider>(ClockedTokenProvider.ProviderName);
        services.AddScoped<IIdentityService, IdentityService>();
        services.AddExternalLogins(configuration);
        services.AddScoped<IExternalLogins, ExternalLoginService>();
        // Sessions checked on every request instead of Identity's 30-minute security-stamp check.
        services.AddScoped<SessionCookieEvents>();
        services.ConfigureApplicationCookie(options => options.EventsType = typeof(SessionCookieEvents));
    }
}
