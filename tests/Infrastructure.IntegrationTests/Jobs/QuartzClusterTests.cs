using Streaming.Application.Common.Jobs;
using Streaming.Domain.Jobs;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.IntegrationTests.Enrollments;
using Streaming.Infrastructure.IntegrationTests.Support;
using Streaming.Infrastructure.Storage;

namespace Streaming.Infrastructure.IntegrationTests.Jobs;

/// <summary>
/// The jobs on Quartz itself: two schedulers (two app instances) clustered on one PostgreSQL database
/// through the tables the app's migrations created. Jobs are triggered, never waited for by the clock.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class QuartzClusterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private AppHarness _app = null!;
    private string _root = null!;

    [SetUp]
    public async Task CreateAsync()
    {
        _root = Directory.CreateTempSubdirectory("quartz-").FullName;
        _app = await AppHarness.CreateAsync();
    }

    [TearDown]
    public async Task DropAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Polls the run history until <paramref name="count"/> runs of the job have finished.</summary>
    private async Task<List<JobRun>> FinishedRunsAsync(string job, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await using var db = _app.Context();
            var runs = await db.JobRuns.AsNoTracking().Where(r => r.JobName == job && r.FinishedAt != null).OrderBy(r => r.StartedAt).ToListAsync();
            if (runs.Count >= count) return runs;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{job}: {runs.Count} of {count} runs finished within {Patience.TotalSeconds} s");
            await Task.Delay(100);
        }
    }

    [Test]
    public async Task Two_schedulers_on_one_database_migrate_each_class_exactly_once()
    {
        var storage = new LocalBlobStorage(new LocalStorageOptions { Root = _root, SigningKey = new string('q', 40) }, _app.Clock);
        var classes = new EndedClasses(_app, storage);
        var instructor = await _app.AddMemberAsync("coach");
        var due = new List<Guid>();
        for (var i = 0; i < 4; i++) due.Add(await classes.AddAsync(instructor, TimeSpan.FromDays(62 + i), CatalogMark.Kept, title: $"Kept {i}"));

        await using var a = await QuartzNode.StartAsync(_app.Database, _app.Clock, "node-a", _root);
        await using var b = await QuartzNode.StartAsync(_app.Database, _app.Clock, "node-b", _root);
        // Both instances are told to run the migration at the same moment, twice each.
        var triggered = await Task.WhenAll(
            a.Scheduler.TriggerAsync(JobNames.WorkoutCatalog, CancellationToken.None), b.Scheduler.TriggerAsync(JobNames.WorkoutCatalog, CancellationToken.None),
            a.Scheduler.TriggerAsync(JobNames.WorkoutCatalog, CancellationToken.None), b.Scheduler.TriggerAsync(JobNames.WorkoutCatalog, CancellationToken.None));
        Assert.That(triggered, Is.All.True);

        var runs = await FinishedRunsAsync(JobNames.WorkoutCatalog, 4);

        await using var db = _app.Context();
        var workouts = await db.Workouts.AsNoTracking().ToListAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(workouts.Select(w => w.SourceStreamId), Is.EquivalentTo(due), "each class exactly once");
            Assert.That(runs.Sum(r => r.ItemsDone), Is.EqualTo(due.Count), "the later runs found nothing left");
            Assert.That(runs.Sum(r => r.ItemsFailed), Is.Zero);
            Assert.That(runs.Select(r => r.Outcome), Is.All.EqualTo(JobRunOutcome.Succeeded));
            Assert.That(runs.Select(r => r.Manual), Is.All.True);
            Assert.That(runs.Zip(runs.Skip(1)).All(p => p.First.FinishedAt <= p.Second.StartedAt), Is.True, "never two runs of one job at once");
            Assert.That(runs.Select(r => r.Instance), Is.All.AnyOf("node-a", "node-b"));
            Assert.That(await Db.QueryAsync(_app.Database, "SELECT instance_name FROM qrtz_scheduler_state", r => r.GetString(0)),
                Is.EquivalentTo(new[] { "node-a", "node-b" }), "two schedulers checked in to one cluster");
            foreach (var id in due)
                Assert.That(await db.Streams.Where(s => s.Id == id).Select(s => s.WorkoutId).SingleAsync(),
                    Is.EqualTo(workouts.Single(w => w.SourceStreamId == id).Id));
        }
    }

    [Test]
    public async Task The_jobs_page_data_lists_every_job_with_its_cron_schedule_and_next_run()
    {
        await using var node = await QuartzNode.StartAsync(_app.Database, _app.Clock, "node-list", _root);

        var jobs = await node.Scheduler.GetJobsAsync(CancellationToken.None);

        Assert.That(jobs.Select(j => j.Name), Is.EqualTo(Streaming.Infrastructure.Jobs.JobsRegistration.Definitions.Select(d => d.Name)));
        Assert.That(jobs.Select(j => j.Schedule), Is.All.EqualTo("0 0 0 1 1 ? 2099"));
        Assert.That(jobs.Select(j => j.NextRun), Is.All.EqualTo(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(await node.Scheduler.TriggerAsync("no-such-job", CancellationToken.None), Is.False);
    }
}
