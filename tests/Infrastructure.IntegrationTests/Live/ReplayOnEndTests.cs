using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Live.Commands.AssembleReplays;
using Streaming.Application.Live.Commands.CloseOverdueClasses;
using Streaming.Application.Live.Commands.EndStream;
using Streaming.Application.Live.Commands.GoLive;
using Streaming.Application.Live.Commands.RecordLiveInputEvent;
using Streaming.Application.Live.Commands.UploadRecordingChunk;
using Streaming.Domain.Common;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.IntegrationTests.Enrollments;
using Streaming.Infrastructure.Storage;

namespace Streaming.Infrastructure.IntegrationTests.Live;

/// <summary>
/// Every way a class ends starts its replay the same way — from the <see cref="StreamEnded"/> event,
/// once the end is committed — and exactly once: the job scheduler here records each start and what
/// a job starting then would see on its own connection, and the replay job (real FFmpeg) then makes
/// exactly one replay. Real PostgreSQL; the clock moves, the wall clock is never waited on.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class ReplayOnEndTests
{
    private AppHarness _app = null!;
    private string _root = null!;
    private StartedJobs _jobs = null!;
    private byte[] _webm = null!;

    private IServiceProvider Services { get; set; } = null!;

    [OneTimeSetUp]
    public async Task MakeARecordingAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"replay-on-end-{Guid.NewGuid():N}.webm");
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=2", "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
            "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "200k", "-c:a", "libopus", "-f", "webm", path);
        _webm = await File.ReadAllBytesAsync(path);
        File.Delete(path);
    }

    /// <summary>A database of its own per test: the closing job ends every overdue class it finds.</summary>
    [SetUp]
    public async Task StartAsync()
    {
        _root = Directory.CreateTempSubdirectory("replay-on-end-").FullName;
        _app = await AppHarness.CreateAsync();
        _jobs = new StartedJobs(_app);
        var provider = _app.BuildProvider(services =>
        {
            services.RemoveAll<IBlobStorage>();
            services.AddSingleton<IBlobStorage>(new LocalBlobStorage(new LocalStorageOptions { Root = _root, SigningKey = new string('e', 40) }, _app.Clock));
            services.RemoveAll<IJobScheduler>();
            services.AddSingleton<IJobScheduler>(_jobs);
            services.AddSingleton(Mock.Of<ILiveStatusNotifier>());
        });
        Services = provider; // disposed with the harness
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public async Task The_instructor_ending_the_class_starts_one_replay_after_the_end_is_committed()
    {
        var (instructor, streamId) = await RecordedLiveClassAsync();

        await SendAsync(instructor, new EndStreamCommand(streamId), Roles.Instructor);

        AssertReplayStartedOnceAfterCommit(streamId);
        await AssertExactlyOneReplayAsync(streamId);
    }

    [Test]
    public async Task The_closing_job_ending_an_abandoned_class_starts_one_replay_and_its_next_pass_none()
    {
        var (_, streamId) = await RecordedLiveClassAsync();
        _app.Clock.Advance(ClassClosingPolicy.Default.BroadcasterAbsenceLimit);

        var report = await SendAsync("job", new CloseOverdueClassesCommand());
        var again = await SendAsync("job", new CloseOverdueClassesCommand());

        Assert.That((report.Ended, again.Ended), Is.EqualTo((1, 0)));
        AssertReplayStartedOnceAfterCommit(streamId);
        await AssertExactlyOneReplayAsync(streamId);
    }

    [Test]
    public async Task The_provider_reporting_the_broadcast_gone_does_not_end_the_class_the_closing_job_does_and_starts_one_replay()
    {
        var (instructor, streamId) = await RecordedLiveClassAsync();
        await using (var db = _app.Context())
        {
            db.StreamInputs.Add(StreamInput.Create(streamId, "Cloudflare", $"input-{streamId:N}", "https://relay.example/publish", "https://relay.example/play", _app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        var disconnected = new LiveInputNotification(StreamingProviderKind.Cloudflare, $"input-{streamId:N}", LiveInputEvent.Disconnected, _app.Clock.GetUtcNow(), "gone");
        var outcome = await SendAsync(instructor, new RecordLiveInputEventCommand(disconnected));
        Assert.That(outcome.Outcome, Is.EqualTo(LiveInputEventOutcome.Applied));
        Assert.That((await _app.StreamAsync(streamId)).Status, Is.EqualTo(StreamStatus.Live), "a dropped connection may come back: the webhook does not end the class");
        Assert.That(_jobs.Started, Is.Empty);

        _app.Clock.Advance(ClassClosingPolicy.Default.BroadcasterAbsenceLimit);
        await SendAsync("job", new CloseOverdueClassesCommand());

        AssertReplayStartedOnceAfterCommit(streamId);
        await AssertExactlyOneReplayAsync(streamId);
    }

    [Test]
    public async Task Ending_twice_or_racing_the_closing_job_starts_the_replay_once()
    {
        var (instructor, streamId) = await RecordedLiveClassAsync();
        _app.Clock.Advance(ClassClosingPolicy.Default.BroadcasterAbsenceLimit); // the closing job may end it too

        var ends = await Task.WhenAll(
            Attempt(() => SendAsync(instructor, new EndStreamCommand(streamId), Roles.Instructor)),
            Attempt(() => SendAsync(instructor, new EndStreamCommand(streamId), Roles.Instructor)),
            Attempt(() => SendAsync("job", new CloseOverdueClassesCommand())));

        Assert.That(ends.Count(e => e is null or DomainException), Is.EqualTo(3), string.Join("; ", ends.Select(e => e?.Message)));
        AssertReplayStartedOnceAfterCommit(streamId);
        await AssertExactlyOneReplayAsync(streamId);
    }

    [Test]
    public async Task An_end_saved_without_an_explicit_transaction_starts_the_replay_after_its_save()
    {
        var (_, streamId) = await RecordedLiveClassAsync();

        await WithContextAsync(async db =>
        {
            var stream = await db.Streams.SingleAsync(s => s.Id == streamId);
            stream.End(_app.Clock.GetUtcNow(), RetentionPolicy.Default);
            await db.SaveChangesAsync(CancellationToken.None);
        });

        AssertReplayStartedOnceAfterCommit(streamId);
    }

    [Test]
    public async Task An_end_rolled_back_starts_nothing()
    {
        var (_, streamId) = await RecordedLiveClassAsync();

        await WithContextAsync(async db =>
        {
            await using var transaction = await db.BeginTransactionAsync(CancellationToken.None);
            var stream = await db.FindStreamForUpdateAsync(streamId, CancellationToken.None);
            stream!.End(_app.Clock.GetUtcNow(), RetentionPolicy.Default);
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.RollbackAsync(CancellationToken.None);
        });
        await WithContextAsync(async db =>
        {
            await using var transaction = await db.BeginTransactionAsync(CancellationToken.None);
            var stream = await db.FindStreamForUpdateAsync(streamId, CancellationToken.None);
            stream!.End(_app.Clock.GetUtcNow(), RetentionPolicy.Default);
            await db.SaveChangesAsync(CancellationToken.None);
            // Disposed without a commit (an exception on the way out): rolled back by PostgreSQL.
        });

        Assert.That((await _app.StreamAsync(streamId)).Status, Is.EqualTo(StreamStatus.Live));
        Assert.That(_jobs.Started, Is.Empty);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private async Task<(string Instructor, Guid StreamId)> RecordedLiveClassAsync()
    {
        var instructor = await _app.AddMemberAsync("coach");
        var streamId = await _app.ScheduleAsync(instructor, price: 0, startsIn: TimeSpan.FromMinutes(5), title: "Recorded class");
        await SendAsync(instructor, new GoLiveCommand(streamId), Roles.Instructor);
        var upload = await SendAsync(instructor, new UploadRecordingChunkCommand(streamId, 0, _webm), Roles.Instructor);
        Assert.That(upload.Outcome, Is.EqualTo(ChunkUploadOutcome.Stored));
        return (instructor, streamId);
    }

    private void AssertReplayStartedOnceAfterCommit(Guid streamId)
    {
        var started = _jobs.Started.ToList();
        Assert.That(started.Select(s => s.Job).ToList(), Is.EqualTo(new[] { JobNames.ReplayAssembly }), "one start of the replay job");
        Assert.That(started.Single().EndedClasses, Does.Contain(streamId), "when the job started, the end was committed: visible on another connection");
    }

    /// <summary>The replay job's run (as the started job makes it) assembles one replay; a second run finds nothing to do.</summary>
    private async Task AssertExactlyOneReplayAsync(Guid streamId)
    {
        var first = await SendAsync("job", new AssembleReplaysCommand());
        var second = await SendAsync("job", new AssembleReplaysCommand());

        await using var db = _app.Context();
        var recording = await db.LiveRecordings.AsNoTracking().SingleAsync(r => r.StreamId == streamId);
        Assert.That(recording.Status, Is.EqualTo(LiveRecordingStatus.Available), recording.Error);
        Assert.That((first.Done, second.Done, recording.Attempts), Is.EqualTo((1, 0, 1)));
    }

    private Task<T> SendAsync<T>(string userId, MediatR.IRequest<T> request, params string[] roles) => AppHarness.SendAsync(Services, userId, request, roles);

    private async Task WithContextAsync(Func<IApplicationDbContext, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<IApplicationDbContext>());
    }

    private static async Task<Exception?> Attempt(Func<Task> work)
    {
        try
        {
            await work();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static async Task FfmpegAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-hide_banner", "-v", "error", "-y" }.Concat(arguments)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, error);
    }

    /// <summary>
    /// The job scheduler port, recording each start and the classes a job starting at that moment
    /// would find ended on its own connection (as Quartz's job does).
    /// </summary>
    private sealed class StartedJobs(AppHarness app) : IJobScheduler
    {
        public ConcurrentQueue<(string Job, List<Guid> EndedClasses)> Started { get; } = new();

        public bool IsEnabled => true;

        public Task<IReadOnlyList<ScheduledJob>> GetJobsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ScheduledJob>>([]);

        public async Task<bool> TriggerAsync(string jobName, CancellationToken cancellationToken)
        {
            await using var db = app.Context();
            var ended = await db.Streams.AsNoTracking().Where(s => s.Status == StreamStatus.Ended).Select(s => s.Id).ToListAsync(cancellationToken);
            Started.Enqueue((jobName, ended));
            return true;
        }
    }
}
