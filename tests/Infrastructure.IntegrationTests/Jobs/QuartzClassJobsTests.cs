using Microsoft.Extensions.DependencyInjection;
using Moq;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Enrollments.Commands.EnrollInStream;
using Streaming.Application.Enrollments.Commands.JoinWaitlist;
using Streaming.Application.Enrollments.Common;
using Streaming.Application.Live.Commands.GoLive;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Jobs;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.IntegrationTests.Enrollments;

namespace Streaming.Infrastructure.IntegrationTests.Jobs;

/// <summary>
/// The class-closing and waitlist jobs run on Quartz like every other job: fired on the cluster
/// (the schedules are moved to 2099, so only the test's trigger runs them), they do their work
/// through the real ledger and record the run in job_runs.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class QuartzClassJobsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const int Price = 10;

    private AppHarness _app = null!;
    private string _root = null!;
    private QuartzNode _node = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _root = Directory.CreateTempSubdirectory("quartz-classes-").FullName;
        _app = await AppHarness.CreateAsync();
        _node = await QuartzNode.StartAsync(_app.Database, _app.Clock, "node-classes", _root,
            services => services.AddSingleton(Mock.Of<ILiveStatusNotifier>()));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
        if (_app is not null) await _app.DisposeAsync();
        if (_root is not null) Directory.Delete(_root, recursive: true);
    }

    [Test]
    public async Task The_closing_job_on_Quartz_ends_an_abandoned_class_refunds_its_seat_and_records_the_run()
    {
        var instructor = await _app.AddMemberAsync("abandoning-coach");
        var member = await _app.AddMemberAsync("abandoned-member", tokens: 50);
        var streamId = await _app.ScheduleAsync(instructor, price: Price, startsIn: TimeSpan.FromHours(1), title: "Abandoned");
        Assert.That((await _app.SendAsync(member, new EnrollInStreamCommand(streamId))).Outcome, Is.EqualTo(EnrollmentOutcome.Enrolled));
        _app.Clock.Advance(TimeSpan.FromHours(1));
        await _app.SendAsync(instructor, new GoLiveCommand(streamId), Roles.Instructor);
        _app.Clock.Advance(ClassClosingPolicy.Default.BroadcasterAbsenceLimit);

        var run = await RunAsync(JobNames.ClassClosing);

        var stream = await _app.StreamAsync(streamId);
        Assert.That((stream.Status, stream.TookPlace), Is.EqualTo((StreamStatus.Ended, (bool?)false)));
        Assert.That(await _app.BalanceAsync(member), Is.EqualTo(50), "the seat of a class that did not take place is refunded");
        Assert.That((await _app.EnrollmentsAsync(streamId, member)).Single().Status, Is.EqualTo(EnrollmentStatus.Refunded));
        Assert.That((run.Outcome, run.ItemsDone, run.ItemsFailed, run.Manual), Is.EqualTo((JobRunOutcome.Succeeded, 2, 0, true)), "one class ended, one seat refunded");
    }

    [Test]
    public async Task The_waitlist_job_on_Quartz_gives_a_seat_freed_by_a_larger_capacity_and_records_the_run()
    {
        var instructor = await _app.AddMemberAsync("waitlist-coach");
        var streamId = await _app.ScheduleAsync(instructor, price: Price, capacity: 1, startsIn: TimeSpan.FromDays(2), title: "Full");
        var seated = await _app.AddMemberAsync("seated", tokens: 50);
        Assert.That((await _app.SendAsync(seated, new EnrollInStreamCommand(streamId))).Outcome, Is.EqualTo(EnrollmentOutcome.Enrolled));
        var waiting = await _app.AddMemberAsync("waiting", tokens: 50);
        await _app.SendAsync(waiting, new JoinWaitlistCommand(streamId));
        await using (var db = _app.Context())
        {
            // A seat the edit form could not give at once (the pass after saving failed): the job's to give.
            var stream = await db.Streams.SingleAsync(s => s.Id == streamId);
            stream.ChangeCapacity(2);
            await db.SaveChangesAsync();
        }

        var run = await RunAsync(JobNames.Waitlist);

        await using var read = _app.Context();
        var entry = await read.WaitlistEntries.AsNoTracking().SingleAsync(w => w.StreamId == streamId);
        Assert.That(entry.Status, Is.EqualTo(WaitlistStatus.Enrolled), entry.Notice);
        Assert.That(await _app.BalanceAsync(waiting), Is.EqualTo(50 - Price), "charged when the seat is given");
        Assert.That((run.Outcome, run.ItemsDone, run.ItemsFailed, run.Manual), Is.EqualTo((JobRunOutcome.Succeeded, 1, 0, true)));
    }

    /// <summary>Fires <paramref name="job"/> on the cluster and waits for its run record.</summary>
    private async Task<JobRun> RunAsync(string job)
    {
        await _node.Scheduler.TriggerAsync(job, CancellationToken.None);
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await using (var db = _app.Context())
            {
                var run = await db.JobRuns.AsNoTracking().FirstOrDefaultAsync(r => r.JobName == job && r.FinishedAt != null);
                if (run is not null) return run;
            }

            if (DateTime.UtcNow > deadline) Assert.Fail($"no finished run of {job} within {Patience.TotalSeconds} s");
            await Task.Delay(200);
        }
    }
}
