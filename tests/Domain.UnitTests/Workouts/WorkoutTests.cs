using Streaming.Domain.Common;
using Streaming.Domain.Jobs;
using Streaming.Domain.Live;
using Streaming.Domain.UnitTests.TestData;
using Streaming.Domain.Workouts;

namespace Streaming.Domain.UnitTests.Workouts;

public class WorkoutTests
{
    private static readonly DateTimeOffset Due = TestClock.Tomorrow.AddHours(1).AddMonths(2);

    private static LiveRecording AvailableReplay(Guid streamId)
    {
        var recording = LiveRecording.Start(streamId, TestClock.Tomorrow);
        recording.AcceptChunk(100, TestClock.Tomorrow);
        recording.StartProcessing(TestClock.Tomorrow.AddHours(1));
        recording.Complete($"recordings/live/{streamId}/replay.mp4", 5000, 3540, TestClock.Tomorrow.AddHours(1));
        return recording;
    }

    [Test]
    public void FromClass_CopiesTheClassAndPlaysItsReplay()
    {
        var stream = TestStreams.Ended();
        stream.MarkForCatalog(true, TestClock.Tomorrow);

        var workout = Workout.FromClass(stream, AvailableReplay(stream.Id), Due);

        Assert.That((workout.SourceStreamId, workout.InstructorId, workout.Title, workout.Category), Is.EqualTo((stream.Id, stream.InstructorId, stream.Title, stream.Category)));
        Assert.That((workout.VideoKey, workout.DurationSeconds, workout.IsPublished), Is.EqualTo(($"recordings/live/{stream.Id}/replay.mp4", 3540.0, true)));
    }

    [Test]
    public void FromClass_IsRefusedBeforeTheDate_WithoutTheMark_OrWithoutAReplay()
    {
        var unmarked = TestStreams.Ended();
        Assert.That(() => Workout.FromClass(unmarked, AvailableReplay(unmarked.Id), Due), Throws.TypeOf<DomainException>());

        var kept = TestStreams.Ended();
        kept.MarkForCatalog(true, TestClock.Tomorrow);
        Assert.That(() => Workout.FromClass(kept, AvailableReplay(kept.Id), Due.AddDays(-1)), Throws.TypeOf<DomainException>());
        var deleted = AvailableReplay(kept.Id);
        deleted.MarkDeleted(Due);
        Assert.That(() => Workout.FromClass(kept, deleted, Due), Throws.TypeOf<DomainException>().With.Message.Contains("no replay"));
    }

    [Test]
    public void SetPublished_TogglesVisibility()
    {
        var stream = TestStreams.Ended();
        stream.MarkForCatalog(true, TestClock.Tomorrow);
        var workout = Workout.FromClass(stream, AvailableReplay(stream.Id), Due);

        workout.SetPublished(false, Due);

        Assert.That(workout.IsPublished, Is.False);
    }

    [Test]
    public void JobRun_FinishWithFailedItems_IsPartlyFailed_AndACrashIsFailed()
    {
        var run = JobRun.Start("recording-cleanup", "node-a", manual: true, TestClock.Now);
        run.Finish(3, 1, "class x: store down", TestClock.Now.AddSeconds(2));
        Assert.That((run.Outcome, run.Duration, run.Error), Is.EqualTo((JobRunOutcome.PartlyFailed, TimeSpan.FromSeconds(2), "class x: store down")));

        var crashed = JobRun.Start("workout-catalog", "node-a", manual: false, TestClock.Now);
        crashed.Crash("database gone", TestClock.Now.AddSeconds(1));
        Assert.That(crashed.Outcome, Is.EqualTo(JobRunOutcome.Failed));
    }
}
