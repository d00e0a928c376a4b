using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Calendars;
using Streaming.Infrastructure.Data;
using Streaming.Infrastructure.Data.Seeding;
using Streaming.Infrastructure.Email;
using Streaming.Infrastructure.Identity;
using Streaming.Infrastructure.Jobs;
using Streaming.Infrastructure.Live;
using Streaming.Infrastructure.Media;
using Streaming.Infrastructure.Payments;
using Streaming.Infrastructure.Recordings;
using Streaming.Infrastructure.Redis;
using Streaming.Infrastructure.Storage;
using Streaming.Infrastructure.Tokens;

namespace Streaming.Infrastructure;

/// <summary>
/// Every adapter of the Application's ports, one named section each. A section's body lives in its
/// feature folder (<c>Storage/StorageRegistration.cs</c> holds <c>AddStorage</c>) and binds its own
/// options the one way: <c>AddOptions&lt;T&gt;().Bind(section).Validate(…).ValidateOnStart()</c>.
/// </summary>
public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddPolicies(configuration);
        services.AddPersistence(configuration);
        services.AddIdentity(configuration);
        services.AddStorage(configuration);
        services.AddMedia(configuration);
        services.AddStreaming(configuration);
        services.AddRecordings(configuration);
        services.AddTokens(configuration);
        services.AddPayments(configuration);
        services.AddEmail(configuration);
        services.AddCalendars();
        services.AddJobs(configuration);
        services.AddRedis(configuration);
        return services;
    }

    /// <summary>The product's rules that operators tune: retention, class closing, enrollment, instructors, demo data.</summary>
    private static void AddPolicies(this IServiceCollection services, IConfiguration configuration)
    {
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
        services.AddOptions<EnrollmentOptions>().Bind(configuration.GetSection(EnrollmentOptions.Section))
            .Validate(o => o.CancellationWindow >= TimeSpan.Zero && o.ReconcileAfter > TimeSpan.Zero,
                "Enrollment:CancellationWindow must not be negative and Enrollment:ReconcileAfter must be positive.")
            .ValidateOnStart();
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection(SeedOptions.Section)).ValidateOnStart();
        // A short instructor access code is for the demo and for development only.
        services.AddOptions<InstructorOptions>().Bind(configuration.GetSection(InstructorOptions.Section))
            .Validate<IServiceProvider>((o, sp) => string.IsNullOrEmpty(o.AccessCode)
                    || o.AccessCode.Length >= InstructorOptions.MinimumProductionLength
                    || sp.GetRequiredService<IOptions<SeedOptions>>().Value.DemoData
                    // Without a host (the migration command, tools) nobody signs in with it.
                    || sp.GetService<IHostEnvironment>() is not { } environment || environment.IsDevelopment() || environment.IsEnvironment("Testing"),
                $"Instructor:AccessCode must be at least {InstructorOptions.MinimumProductionLength} characters outside Development (shorter codes only with Seed:DemoData=true); leave it empty to let only super admins promote instructors.")
            .ValidateOnStart();
    }

    private static void AddCalendars(this IServiceCollection services) =>
        services.AddSingleton<ICalendarWriter, IcsCalendarWriter>();
}
