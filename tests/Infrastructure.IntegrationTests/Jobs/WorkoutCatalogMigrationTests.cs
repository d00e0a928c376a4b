using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Live.Replay;
using Streaming.Application.Workouts.Commands.MigrateToWorkoutCatalog;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Domain.Workouts;

namespace Streaming.Infrastructure.IntegrationTests.Jobs;

/// <summary>
/// The catalog migration job (<see cref="MigrateToWorkoutCatalogCommand"/>) on real PostgreSQL: which
/// classes become workouts, never twice, and a run that crashes mid-batch.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class WorkoutCatalogMigrationTests : JobTestBase
{
    private static readonly TimeSpan PastMigration = TimeSpan.FromDays(63);

    private CrashingCommands _crash = new();

    private protected override void Configure(IServiceCollection services)
    {
        // The app's own context factory, with a crash switch (new for each test) in its command pipeline.
        _crash = new CrashingCommands();
        services.RemoveAll<DbContextOptions<ApplicationDbContext>>();
        services.RemoveAll<IDbContextFactory<ApplicationDbContext>>();
        services.RemoveAll<IDbContextOptionsConfiguration<ApplicationDbContext>>();
        services.AddDbContextFactory<ApplicationDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()).AddInterceptors(_crash));
    }

    private async Task<List<Workout>> WorkoutsAsync()
    {
        await using var db = App.Context();
        return await db.Workouts.AsNoTracking().OrderBy(w => w.Title).ToListAsync();
    }

    private async Task<LiveStream> StreamAsync(Guid id)
    {
        await using var db = App.Context();
        return await db.Streams.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    private async Task<int> ChunkRowsAsync(Guid streamId)
    {
        await using var db = App.Context();
        return await db.LiveRecordingChunks.CountAsync(c => c.StreamId == streamId);
    }

    [Test]
    public async Task A_kept_class_past_its_migration_date_becomes_a_published_workout_playing_its_replay()
    {
        var kept = await Classes.AddAsync(Instructor, PastMigration, CatalogMark.Kept, title: "Kept");

        var outcome = await RunAsync(new MigrateToWorkoutCatalogCommand());

        var workout = (await WorkoutsAsync()).Single();
        var stream = await StreamAsync(kept);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.EqualTo(new JobOutcome(1, 0, null)));
            Assert.That(stream.WorkoutId, Is.EqualTo(workout.Id), "the class records its workout");
            Assert.That(workout.SourceStreamId, Is.EqualTo(kept));
            Assert.That(workout.InstructorId, Is.EqualTo(Instructor));
            Assert.That((workout.Title, workout.Description, workout.Category), Is.EqualTo((stream.Title, stream.Description, stream.Category)));
            Assert.That(workout.VideoKey, Is.EqualTo(ReplayKeys.Replay(kept)));
            Assert.That(workout.DurationSeconds, Is.EqualTo(1800));
            Assert.That(workout.IsPublished, Is.True);
            Assert.That(await Classes.FilesAsync(kept), Is.EqualTo(new[] { ReplayKeys.Replay(kept) }), "the workout plays the kept file; the chunks are gone");
            Assert.That(await ChunkRowsAsync(kept), Is.Zero);
        }
    }

    [Test]
    public async Task Unkept_undue_and_unrecorded_classes_stay_out_and_a_popular_one_goes_in()
    {
        await Classes.AddAsync(Instructor, PastMigration, title: "Not kept");
        await Classes.AddAsync(Instructor, TimeSpan.FromDays(40), CatalogMark.Kept, title: "Not due yet");
        await Classes.AddAsync(Instructor, PastMigration, CatalogMark.Kept, recorded: false, title: "Nothing recorded");
        await Classes.AddAsync(Instructor, PastMigration, CatalogMark.NotKept, members: RetentionPolicy.Default.CatalogAutoKeepEnrollments, title: "Declined");
        var popular = await Classes.AddAsync(Instructor, PastMigration, members: RetentionPolicy.Default.CatalogAutoKeepEnrollments, title: "Popular");

        var outcome = await RunAsync(new MigrateToWorkoutCatalogCommand());

        Assert.That(outcome, Is.EqualTo(new JobOutcome(1, 0, null)));
        Assert.That((await WorkoutsAsync()).Select(w => w.SourceStreamId), Is.EqualTo(new[] { popular }));
        Assert.That((await StreamAsync(popular)).CatalogMark, Is.EqualTo(CatalogMark.KeptAutomatically));
    }

    [Test]
    public async Task Running_twice_gives_the_same_result()
    {
        await Classes.AddAsync(Instructor, PastMigration, CatalogMark.Kept, title: "A");
        await Classes.AddAsync(Instructor, PastMigration, CatalogMark.Kept, title: "B");

        var first = await RunAsync(new MigrateToWorkoutCatalogCommand());
        var afterFirst = await WorkoutsAsync();
        var second = await RunAsync(new MigrateToWorkoutCatalogCommand());

        Assert.That(first, Is.EqualTo(new JobOutcome(2, 0, null)));
        Assert.That(second, Is.EqualTo(JobOutcome.Nothing));
        Assert.That((await WorkoutsAsync()).Select(w => (w.Id, w.SourceStreamId)), Is.EqualTo(afterFirst.Select(w => (w.Id, w.SourceStreamId))));
    }

    [Test]
    public async Task A_run_that_crashes_mid_batch_leaves_nothing_half_done_and_the_next_run_migrates_the_rest_once()
    {
        var a = await Classes.AddAsync(Instructor, TimeSpan.FromDays(65), CatalogMark.Kept, title: "A");
        var b = await Classes.AddAsync(Instructor, TimeSpan.FromDays(64), CatalogMark.Kept, title: "B");
        var c = await Classes.AddAsync(Instructor, PastMigration, CatalogMark.Kept, title: "C");
        _crash.CrashOnWorkoutInsert = 2; // the process dies while saving the second workout

        Assert.That(async () => await RunAsync(new MigrateToWorkoutCatalogCommand()), Throws.InstanceOf<OperationCanceledException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await WorkoutsAsync()).Select(w => w.SourceStreamId), Is.EqualTo(new[] { a }));
            Assert.That((await StreamAsync(b)).WorkoutId, Is.Null, "the crashed item left no trace: the workout and the link are saved together");
            Assert.That((await StreamAsync(c)).WorkoutId, Is.Null);
        }

        var rerun = await RunAsync(new MigrateToWorkoutCatalogCommand());

        var workouts = await WorkoutsAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rerun, Is.EqualTo(new JobOutcome(2, 0, null)));
            Assert.That(workouts.Select(w => w.SourceStreamId), Is.EquivalentTo(new[] { a, b, c }), "each class exactly once");
            foreach (var id in new[] { a, b, c })
                Assert.That((await StreamAsync(id)).WorkoutId, Is.EqualTo(workouts.Single(w => w.SourceStreamId == id).Id));
        }
    }

    /// <summary>Throws "the app stopped" instead of sending the Nth command that inserts a workout.</summary>
    private sealed class CrashingCommands : DbCommandInterceptor
    {
        private int _inserts;

        public int? CrashOnWorkoutInsert { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Check(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Check(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Check(DbCommand command)
        {
            if (!command.CommandText.Contains("INSERT INTO workouts", StringComparison.Ordinal)) return;
            if (Interlocked.Increment(ref _inserts) == CrashOnWorkoutInsert) throw new OperationCanceledException("The app stopped mid-item.");
        }
    }
}
