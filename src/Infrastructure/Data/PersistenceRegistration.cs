using MediatR;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Data.Interceptors;
using Streaming.Infrastructure.Data.Seeding;

namespace Streaming.Infrastructure.Data;

public static class PersistenceRegistration
{
    /// <summary>
    /// PostgreSQL (ConnectionStrings:Default): the DbContext behind <see cref="IApplicationDbContext"/>
    /// with its interceptors, migrations and demo data, the database readiness check, and the Data
    /// Protection keys.
    /// </summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                "ConnectionStrings:Default is not set. Start the app with 'bash scripts/run.sh', or set ConnectionStrings__Default.");

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

        services.AddSingleton<DatabaseMigrator>();
        services.AddScoped<DemoDataSeeder>();
        services.AddScoped<DatabaseInitialiser>();
        services.AddHealthChecks().AddDbContextCheck<ApplicationDbContext>("database", tags: [HealthTags.Ready]);

        // Keys live in PostgreSQL so every instance reads the same cookies and antiforgery tokens.
        services.AddDataProtection().SetApplicationName("Streaming").PersistKeysToDbContext<ApplicationDbContext>();
        return services;
    }
}
