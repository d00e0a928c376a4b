using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Streams;

public class LiveStreamTimeAndEditTests
{
    private static readonly TimeSpan MinusFive = TimeSpan.FromHours(-5);

    [Test]
    public void GoLive_WithLocalOffset_StoresUtc()
    {
        var stream = TestStreams.Scheduled();
        var localNow = TestClock.Tomorrow.ToOffset(MinusFive);

        stream.GoLive(localNow);

        Assert.That(stream.StartedAt!.Value.Offset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(stream.StartedAt, Is.EqualTo(TestClock.Tomorrow));
    }

    [Test]
    public void End_WithLocalOffset_ComputesMigrationFromUtc()
    {
        var stream = TestStreams.Scheduled();
        var endUtc = new DateTimeOffset(2030, 12, 31, 2, 0, 0, TimeSpan.Zero);
        stream.GoLive(endUtc.AddHours(-1));

        // 21:00 on Dec 30 at -05:00 is 02:00 on Dec 31 UTC: two months later is Feb 28 UTC, not Mar 1.
        stream.End(endUtc.ToOffset(MinusFive), RetentionPolicy.Default);

        Assert.That(stream.EndedAt!.Value.Offset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(stream.MigrationScheduledAt, Is.EqualTo(new DateTimeOffset(2031, 2, 28, 2, 0, 0, TimeSpan.Zero)));
        Assert.That(stream.RecordingExpiresAt!.Value.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void End_BeforeItStarted_Throws()
    {
        var stream = TestStreams.Live();

        var ex = Assert.Throws<DomainException>(() => stream.End(stream.StartedAt!.Value.AddSeconds(-1), RetentionPolicy.Default));

        Assert.That(ex!.Message, Does.Contain("before it started"));
        Assert.That(stream.Status, Is.EqualTo(StreamStatus.Live));
    }

    [Test]
    public void Cancel_WithLocalOffset_StoresUtc()
    {
        var stream = TestStreams.Scheduled();

        stream.Cancel(TestClock.Now.ToOffset(MinusFive));

        Assert.That(stream.CancelledAt!.Value.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void UpdateDetails_WhenEnded_Throws()
    {
        var stream = TestStreams.Ended();

        var ex = Assert.Throws<DomainException>(() => stream.UpdateDetails("New title", null, null));

        Assert.That(ex!.Message, Does.Contain("can no longer be edited"));
        Assert.That(stream.Title, Is.EqualTo(TestStreams.Title));
    }

    [Test]
    public void ChangeCapacity_WhenCancelled_Throws()
    {
        var stream = TestStreams.Cancelled();

        Assert.Throws<DomainException>(() => stream.ChangeCapacity(10));
    }

    [Test]
    public void UpdateDetails_WhenLive_IsAllowed()
    {
        var stream = TestStreams.Live();

        stream.UpdateDetails("Renamed while live", "still going", "Yoga");

        Assert.That(stream.Title, Is.EqualTo("Renamed while live"));
    }

    [Test]
    public void IsOverdue_OnlyOnceTheScheduledEndHasPassedWithoutGoingLive()
    {
        var scheduled = TestStreams.Scheduled();
        var end = scheduled.ScheduledEnd;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(scheduled.IsOverdue(end.AddTicks(-1)), Is.False, "a late start is still possible");
            Assert.That(scheduled.IsOverdue(end), Is.True);
            Assert.That(TestStreams.Live().IsOverdue(end.AddDays(1)), Is.False, "a live class running long is not overdue");
            Assert.That(TestStreams.Ended().IsOverdue(end.AddDays(1)), Is.False);
            Assert.That(TestStreams.Cancelled().IsOverdue(end.AddDays(1)), Is.False);
        }
    }

    [Test]
    public void AnOverdueClass_RefusesEnrollment()
    {
        var stream = TestStreams.Scheduled();

        var error = Assert.Throws<DomainException>(() => Enrollment.Open(stream, "member-1", memberHoldsSeat: false, stream.ScheduledEnd));

        Assert.That(error!.Message, Does.Contain("due to be over"));
    }
}
