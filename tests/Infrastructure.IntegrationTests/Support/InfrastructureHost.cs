using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streaming.Infrastructure.Data.Seeding;

namespace Streaming.Infrastructure.IntegrationTests.Support;

/// <summary>
/// The Infrastructure layer as the app composes it (<c>AddInfrastructure</c>) on a test database,
/// outside a web host, with the test's clock.
/// </summary>
internal static class InfrastructureHost
{
    public static ServiceProvider Build(TestDatabase database, TestClock clock, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["ConnectionStrings:Default"] = database.ConnectionString };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var services = new ServiceCollection().AddLogging();
        services.AddInfrastructure(configuration);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Runs <see cref="DatabaseInitialiser.SeedAsync"/> in a scope of its own.</summary>
    public static async Task SeedAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().SeedAsync();
    }
}
