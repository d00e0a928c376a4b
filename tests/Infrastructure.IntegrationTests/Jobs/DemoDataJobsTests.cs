using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streaming.Application;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Streams.Commands.DeleteExpiredRecordings;
using Streaming.Application.Workouts.Commands.MigrateToWorkoutCatalog;
using Streaming.Domain.Live;
using Streaming.Infrastructure.Data.Seeding;
using Streaming.Infrastructure.IntegrationTests.Enrollments;

namespace Streaming.Infrastructure.IntegrationTests.Jobs;

/// <summary>The README's promise: on the demo data, the cleanup visibly deletes one replay and the migration creates one workout.</summary>
[Parallelizable(ParallelScope.Self)]
public class DemoDataJobsTests
{
    [Test]
    public async Task On_the_demo_data_the_cleanup_deletes_one_replay_and_the_migration_creates_one_workout()
    {
        var root = Directory.CreateTempSubdirectory("demo-jobs-").FullName;
        await using var database = await TestDatabase.CreateAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = database.ConnectionString,
            ["Jobs:Enabled"] = "false",
            ["Seed:DemoData"] = "true",
            ["Storage:Local:Root"] = root,
            ["Storage:Local:SigningKey"] = new string('d', 40),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddApplication();
        services.AddInfrastructure(configuration);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(new TestClock());
        services.AddScoped<ICurrentUser, TestCurrentUser>();
        services.AddSingleton<IAppLinks, FixedAppLinks>();
        await using var provider = services.BuildServiceProvider();
        try
        {
            await using (var scope = provider.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().SeedAsync();

            async Task<Application.Common.Jobs.JobOutcome> RunAsync(IRequest<Application.Common.Jobs.JobOutcome> command)
            {
                await using var scope = provider.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
            }

            var cleanup = await RunAsync(new DeleteExpiredRecordingsCommand());
            var migration = await RunAsync(new MigrateToWorkoutCatalogCommand());

            await using var db = new ApplicationDbContext(new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(database.ConnectionString).Options);
            var deleted = await db.Streams.Where(s => s.RecordingDeletedAt != null).Select(s => s.Title).ToListAsync();
            var workouts = await db.Workouts.Select(w => w.Title).ToListAsync();
            using (Assert.EnterMultipleScope())
            {
                Assert.That((cleanup.Done, cleanup.Failed, migration.Done, migration.Failed), Is.EqualTo((1, 0, 1, 0)));
                Assert.That(deleted, Is.EqualTo(new[] { "Spin Intervals" }));
                Assert.That(workouts, Is.EqualTo(new[] { "Yoga for Runners" }));
                Assert.That(await db.LiveRecordings.CountAsync(r => r.Status == LiveRecordingStatus.Deleted), Is.EqualTo(1));
                Assert.That(File.Exists(Path.Combine(root, "recordings", "live", (await db.Workouts.SingleAsync()).SourceStreamId.ToString(), "replay.mp4")), Is.True,
                    "the workout's video is the kept replay");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
