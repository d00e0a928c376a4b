using Streaming.Infrastructure.Data.Seeding;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Seeding;

/// <summary>Two app instances starting at the same time on a new database (the migrator is built for exactly that).</summary>
[Parallelizable(ParallelScope.Self)]
public class ConcurrentStartupTests
{
    private readonly TestClock _clock = new();

    /// <summary>Two instances starting together against one empty database: both start, the data is seeded once.</summary>
    [Test]
    public async Task TwoInstancesInitialisingTogether_BothStart_AndSeedOnce()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var settings = new Dictionary<string, string?>
        {
            ["Seed:DemoData"] = "true",
            ["Seed:SuperAdmin:Email"] = "root@example.com",
            ["Seed:SuperAdmin:Password"] = "admin-pass-1",
        };
        await using var first = InfrastructureHost.Build(database, _clock, settings);
        await using var second = InfrastructureHost.Build(database, _clock, settings);
        using var barrier = new Barrier(2);

        Task Start(IServiceProvider services) => Task.Run(async () =>
        {
            await using var scope = services.CreateAsyncScope();
            var initialiser = scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>();
            barrier.SignalAndWait(TimeSpan.FromSeconds(30));
            await initialiser.InitialiseAsync();
        });

        var startups = new[] { Start(first), Start(second) };
        var failures = new List<Exception>();
        foreach (var startup in startups)
        {
            try { await startup; }
            catch (Exception ex) { failures.Add(ex); }
        }

        Assert.That(failures.Select(f => $"{f.GetType().Name}: {f.GetBaseException().Message}"), Is.Empty, "both instances start");
        Assert.That(await Db.ReadAsync(database, db => db.Users.CountAsync()), Is.EqualTo(DemoDataSeeder.AllEmails.Count() + 1));
    }
}
