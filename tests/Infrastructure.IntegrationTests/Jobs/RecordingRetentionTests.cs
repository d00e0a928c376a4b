using Streaming.Application.Live.Replay;
using Streaming.Application.Streams.Commands.DeleteExpiredRecordings;
using Streaming.Application.Streams.Commands.SetCatalogMark;
using Streaming.Domain.Common;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;

namespace Streaming.Infrastructure.IntegrationTests.Jobs;

/// <summary>
/// The recording cleanup job (<see cref="DeleteExpiredRecordingsCommand"/>) on real PostgreSQL and a
/// real blob folder: what is deleted when the replay window closes, what the catalog mark keeps, and
/// how failures and crashes are finished by the next run.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class RecordingRetentionTests : JobTestBase
{
    private static readonly TimeSpan PastTheWindow = RetentionPolicy.Default.ReplayRetention + TimeSpan.FromHours(1);

    private async Task<(LiveStream Stream, LiveRecording Recording, int Chunks)> ReadAsync(Guid streamId)
    {
        await using var db = App.Context();
        return (await db.Streams.AsNoTracking().SingleAsync(s => s.Id == streamId),
            await db.LiveRecordings.AsNoTracking().SingleAsync(r => r.StreamId == streamId),
            await db.LiveRecordingChunks.CountAsync(c => c.StreamId == streamId));
    }

    [Test]
    public async Task When_the_replay_window_has_closed_the_files_are_deleted_and_the_class_says_when()
    {
        var expired = await Classes.AddAsync(Instructor, PastTheWindow);
        var watchable = await Classes.AddAsync(Instructor, TimeSpan.FromDays(6));

        var outcome = await RunAsync(new DeleteExpiredRecordingsCommand());

        Assert.That(outcome, Is.EqualTo(new Application.Common.Jobs.JobOutcome(1, 0, null)));
        var (stream, recording, chunks) = await ReadAsync(expired);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Classes.FilesAsync(expired), Is.Empty, "the replay and every chunk are gone from blob storage");
            Assert.That(stream.RecordingDeletedAt, Is.EqualTo(App.Clock.GetUtcNow()));
            Assert.That(recording.Status, Is.EqualTo(LiveRecordingStatus.Deleted));
            Assert.That(recording.ReplayKey, Is.Null);
            Assert.That(chunks, Is.Zero, "the chunk rows went with their files");
            Assert.That(await Classes.FilesAsync(watchable), Has.Count.EqualTo(EndedClasses.ChunkCount + 1), "a replay still in its window is left alone");
            Assert.That((await ReadAsync(watchable)).Stream.RecordingDeletedAt, Is.Null);
        }
    }

    [Test]
    public async Task A_class_marked_for_the_workout_catalog_keeps_its_files()
    {
        var marked = await Classes.AddAsync(Instructor, TimeSpan.FromDays(3));
        await SendAsInstructorAsync(new SetCatalogMarkCommand(marked, Keep: true));
        App.Clock.Advance(TimeSpan.FromDays(5)); // the window closes

        var outcome = await RunAsync(new DeleteExpiredRecordingsCommand());

        var (stream, recording, chunks) = await ReadAsync(marked);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Done + outcome.Failed, Is.Zero, "a kept class is not even a candidate");
            Assert.That(await Classes.FilesAsync(marked), Has.Count.EqualTo(EndedClasses.ChunkCount + 1));
            Assert.That(stream.CatalogMark, Is.EqualTo(CatalogMark.Kept));
            Assert.That(stream.RecordingDeletedAt, Is.Null);
            Assert.That(recording.Status, Is.EqualTo(LiveRecordingStatus.Available));
            Assert.That(chunks, Is.EqualTo(EndedClasses.ChunkCount));
        }
    }

    [Test]
    public async Task A_class_with_enough_members_is_kept_automatically_unless_its_instructor_said_no()
    {
        var popular = await Classes.AddAsync(Instructor, PastTheWindow, members: RetentionPolicy.Default.CatalogAutoKeepEnrollments, title: "Popular");
        var declined = await Classes.AddAsync(Instructor, PastTheWindow, mark: CatalogMark.NotKept,
            members: RetentionPolicy.Default.CatalogAutoKeepEnrollments, title: "Popular but declined");
        var small = await Classes.AddAsync(Instructor, PastTheWindow, members: RetentionPolicy.Default.CatalogAutoKeepEnrollments - 1, title: "Small");

        var outcome = await RunAsync(new DeleteExpiredRecordingsCommand());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Done, Is.EqualTo(3));
            Assert.That((await ReadAsync(popular)).Stream.CatalogMark, Is.EqualTo(CatalogMark.KeptAutomatically));
            Assert.That(await Classes.FilesAsync(popular), Has.Count.EqualTo(EndedClasses.ChunkCount + 1));
            Assert.That(await Classes.FilesAsync(declined), Is.Empty, "the instructor's own choice stands");
            Assert.That(await Classes.FilesAsync(small), Is.Empty);
        }
    }

    [Test]
    public async Task Running_twice_gives_the_same_result()
    {
        var expired = await Classes.AddAsync(Instructor, PastTheWindow);
        var popular = await Classes.AddAsync(Instructor, PastTheWindow, members: RetentionPolicy.Default.CatalogAutoKeepEnrollments);

        var first = await RunAsync(new DeleteExpiredRecordingsCommand());
        var afterFirst = (await ReadAsync(expired), await ReadAsync(popular));
        Storage.DeleteAttempts.Clear();
        var second = await RunAsync(new DeleteExpiredRecordingsCommand());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Done, Is.EqualTo(2));
            Assert.That(second, Is.EqualTo(Application.Common.Jobs.JobOutcome.Nothing), "nothing is left to do");
            Assert.That(Storage.DeleteAttempts, Is.Empty, "no file is deleted twice");
            Assert.That((await ReadAsync(expired)).Stream.RecordingDeletedAt, Is.EqualTo(afterFirst.Item1.Stream.RecordingDeletedAt));
            Assert.That((await ReadAsync(popular)).Stream.CatalogMark, Is.EqualTo(CatalogMark.KeptAutomatically));
            Assert.That(await Classes.FilesAsync(popular), Has.Count.EqualTo(EndedClasses.ChunkCount + 1));
        }
    }

    [Test]
    public async Task A_blob_delete_that_fails_once_succeeds_on_the_retry()
    {
        var expired = await Classes.AddAsync(Instructor, PastTheWindow);
        Storage.FailDeletes[ReplayKeys.Replay(expired)] = 1;

        var outcome = await RunAsync(new DeleteExpiredRecordingsCommand());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.EqualTo(new Application.Common.Jobs.JobOutcome(1, 0, null)));
            Assert.That(Storage.DeleteAttempts.Count(k => k == ReplayKeys.Replay(expired)), Is.GreaterThanOrEqualTo(2), "tried again after the failure");
            Assert.That(await Classes.FilesAsync(expired), Is.Empty);
            Assert.That((await ReadAsync(expired)).Stream.RecordingDeletedAt, Is.Not.Null);
        }
    }

    [Test]
    public async Task A_delete_failing_through_a_whole_run_leaves_the_class_for_the_next_run_and_the_rest_of_the_batch_goes_on()
    {
        var failing = await Classes.AddAsync(Instructor, TimeSpan.FromDays(9), title: "Store outage");
        var fine = await Classes.AddAsync(Instructor, PastTheWindow, title: "Fine");
        Storage.FailDeletes[ReplayKeys.Replay(failing)] = 3; // every attempt of this run

        var first = await RunAsync(new DeleteExpiredRecordingsCommand());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Done, Is.EqualTo(1));
            Assert.That(first.Failed, Is.EqualTo(1));
            Assert.That(first.LastError, Does.Contain(failing.ToString()).And.Contain("did not answer"));
            Assert.That((await ReadAsync(failing)).Stream.RecordingDeletedAt, Is.Null, "not recorded as deleted while a file is left");
            Assert.That((await ReadAsync(fine)).Stream.RecordingDeletedAt, Is.Not.Null, "the failure did not stop the batch");
        }

        var second = await RunAsync(new DeleteExpiredRecordingsCommand());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second, Is.EqualTo(new Application.Common.Jobs.JobOutcome(1, 0, null)));
            Assert.That(await Classes.FilesAsync(failing), Is.Empty);
            Assert.That((await ReadAsync(failing)).Recording.Status, Is.EqualTo(LiveRecordingStatus.Deleted));
        }
    }

    [Test]
    public async Task A_run_that_crashes_mid_item_is_finished_by_the_next_run()
    {
        var first = await Classes.AddAsync(Instructor, TimeSpan.FromDays(9), title: "First");
        var crashed = await Classes.AddAsync(Instructor, TimeSpan.FromDays(8.5), title: "Crashed");
        var last = await Classes.AddAsync(Instructor, PastTheWindow, title: "Last");
        Storage.CrashOnDelete = ReplayKeys.Replay(crashed); // its chunks are already deleted by then

        Assert.That(async () => await RunAsync(new DeleteExpiredRecordingsCommand()), Throws.InstanceOf<OperationCanceledException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await ReadAsync(first)).Stream.RecordingDeletedAt, Is.Not.Null, "done before the crash");
            Assert.That(await Classes.FilesAsync(crashed), Is.EqualTo(new[] { ReplayKeys.Replay(crashed) }), "half-deleted");
            Assert.That((await ReadAsync(crashed)).Stream.RecordingDeletedAt, Is.Null);
            Assert.That((await ReadAsync(last)).Stream.RecordingDeletedAt, Is.Null, "not reached");
        }

        var rerun = await RunAsync(new DeleteExpiredRecordingsCommand());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rerun, Is.EqualTo(new Application.Common.Jobs.JobOutcome(2, 0, null)), "the crashed class and the last one, nothing twice");
            Assert.That(await Classes.FilesAsync(crashed), Is.Empty);
            Assert.That((await ReadAsync(crashed)).Recording.Status, Is.EqualTo(LiveRecordingStatus.Deleted));
            Assert.That((await ReadAsync(last)).Stream.RecordingDeletedAt, Is.Not.Null);
        }
    }

    [Test]
    public async Task A_class_without_a_recording_is_not_a_candidate()
    {
        var unrecorded = await Classes.AddAsync(Instructor, PastTheWindow, recorded: false);

        var outcome = await RunAsync(new DeleteExpiredRecordingsCommand());

        Assert.That(outcome, Is.EqualTo(Application.Common.Jobs.JobOutcome.Nothing));
        Assert.That((await ReadAsync2(unrecorded)).RecordingDeletedAt, Is.Null, "nothing was deleted, so nothing says so");
    }

    private async Task<LiveStream> ReadAsync2(Guid streamId)
    {
        await using var db = App.Context();
        return await db.Streams.AsNoTracking().SingleAsync(s => s.Id == streamId);
    }
}
