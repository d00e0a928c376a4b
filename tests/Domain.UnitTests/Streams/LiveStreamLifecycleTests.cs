using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Streams;

public class LiveStreamLifecycleTests
{
    // A class that runs on the last day of January, to show calendar-month arithmetic.
    private static readonly DateTimeOffset JanuaryThirtieth = new(2030, 1, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset StartedAt = new(2030, 1, 31, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset EndedAt = new(2030, 1, 31, 19, 0, 0, TimeSpan.Zero);

    private static LiveStream LiveOnJanuaryThirtyFirst()
    {
        var stream = TestStreams.ScheduledAt(StartedAt, JanuaryThirtieth);
        stream.GoLive(StartedAt);
        return stream;
    }

    // Scheduled → Live

    [Test]
    public void TooEarlyBy_SaysHowEarly_OnlyBeyondFifteenMinutesBeforeTheStart()
    {
        var stream = TestStreams.ScheduledAt(StartedAt, JanuaryThirtieth);

        Assert.That(stream.TooEarlyBy(StartedAt.AddHours(-2)), Is.EqualTo(TimeSpan.FromHours(2)));
        Assert.That(stream.TooEarlyBy(StartedAt.AddMinutes(-16)), Is.EqualTo(TimeSpan.FromMinutes(16)));
        Assert.That(stream.TooEarlyBy(StartedAt.AddMinutes(-15)), Is.Null, "a quarter of an hour early is normal");
        Assert.That(stream.TooEarlyBy(StartedAt.AddMinutes(5)), Is.Null, "late is not early");
        stream.GoLive(StartedAt.AddHours(-2));
        Assert.That(stream.TooEarlyBy(StartedAt.AddHours(-2)), Is.Null, "a live class has nothing to warn about");
    }

    [Test]
    public void GoLive_WhenScheduled_MakesTheClassLive()
    {
        var stream = TestStreams.Scheduled();

        stream.GoLive(TestClock.Tomorrow);

        Assert.That(stream.Status, Is.EqualTo(StreamStatus.Live));
    }

    [Test]
    public void GoLive_WhenScheduled_SetsStartedAtAndUpdatedAt()
    {
        var stream = TestStreams.Scheduled();
        var wentLiveAt = TestClock.Tomorrow.AddMinutes(-2);

        stream.GoLive(wentLiveAt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.StartedAt, Is.EqualTo(wentLiveAt));
            Assert.That(stream.UpdatedAt, Is.EqualTo(wentLiveAt));
        }
    }

    [Test]
    public void GoLive_WhenAlreadyLive_IsANoOpResumeThatKeepsTheOriginalStart()
    {
        var stream = TestStreams.Live();
        var firstStart = stream.StartedAt;

        stream.GoLive(TestClock.Tomorrow.AddMinutes(15));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.Status, Is.EqualTo(StreamStatus.Live));
            Assert.That(stream.StartedAt, Is.EqualTo(firstStart));
            Assert.That(stream.UpdatedAt, Is.EqualTo(firstStart));
        }
    }

    [Test]
    public void GoLive_WhenEnded_Throws()
    {
        var stream = TestStreams.Ended();

        var ex = Assert.Throws<DomainException>(() => stream.GoLive(TestClock.Tomorrow.AddHours(2)));

        Assert.That(ex?.Message, Does.Contain("cannot start a class that is ended"));
    }

    [Test]
    public void GoLive_WhenCancelled_Throws()
    {
        var stream = TestStreams.Cancelled();

        var ex = Assert.Throws<DomainException>(() => stream.GoLive(TestClock.Tomorrow));

        Assert.That(ex?.Message, Does.Contain("cannot start a class that is cancelled"));
    }

    [Test]
    public void BroadcastConnected_WhenScheduled_MakesTheClassLive()
    {
        var stream = TestStreams.Scheduled();

        var wentLive = stream.BroadcastConnected(TestClock.Tomorrow);

        Assert.That(wentLive, Is.True);
        Assert.That(stream.Status, Is.EqualTo(StreamStatus.Live));
        Assert.That(stream.StartedAt, Is.EqualTo(TestClock.Tomorrow));
    }

    [Test]
    public void BroadcastConnected_WhenLiveEndedOrCancelled_ChangesNothing()
    {
        var live = LiveOnJanuaryThirtyFirst();
        var ended = TestStreams.Ended();
        var cancelled = TestStreams.Cancelled();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(live.BroadcastConnected(StartedAt.AddMinutes(5)), Is.False);
            Assert.That(live.StartedAt, Is.EqualTo(StartedAt), "a reconnect keeps the original start");
            Assert.That(ended.BroadcastConnected(TestClock.Tomorrow.AddHours(2)), Is.False);
            Assert.That(ended.Status, Is.EqualTo(StreamStatus.Ended));
            Assert.That(cancelled.BroadcastConnected(TestClock.Tomorrow), Is.False);
            Assert.That(cancelled.Status, Is.EqualTo(StreamStatus.Cancelled));
        }
    }

    // Live → Ended

    [Test]
    public void End_WhenLive_MarksTheClassEnded()
    {
        var stream = LiveOnJanuaryThirtyFirst();

        stream.End(EndedAt, RetentionPolicy.Default);

        Assert.That(stream.Status, Is.EqualTo(StreamStatus.Ended));
    }

    [Test]
    public void End_WhenLive_SetsEndedAtAndUpdatedAt()
    {
        var stream = LiveOnJanuaryThirtyFirst();

        stream.End(EndedAt, RetentionPolicy.Default);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.EndedAt, Is.EqualTo(EndedAt));
            Assert.That(stream.UpdatedAt, Is.EqualTo(EndedAt));
            Assert.That(stream.StartedAt, Is.EqualTo(StartedAt));
        }
    }

    [Test]
    public void End_WhenLive_SetsRecordingExpiryToSevenDaysAfterEnd()
    {
        var stream = LiveOnJanuaryThirtyFirst();

        stream.End(EndedAt, RetentionPolicy.Default);

        Assert.That(stream.RecordingExpiresAt, Is.EqualTo(new DateTimeOffset(2030, 2, 7, 19, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void End_WhenLive_SchedulesMigrationTwoCalendarMonthsAfterEnd()
    {
        var stream = LiveOnJanuaryThirtyFirst();

        stream.End(EndedAt, RetentionPolicy.Default);

        // Jan 31 + 2 calendar months = Mar 31 (not Apr 1, which "60 days" would give).
        Assert.That(stream.MigrationScheduledAt, Is.EqualTo(new DateTimeOffset(2030, 3, 31, 19, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void End_WithCustomRetentionPolicy_HonoursItsRetentionAndMonths()
    {
        var stream = LiveOnJanuaryThirtyFirst();
        var policy = new RetentionPolicy { ReplayRetention = TimeSpan.FromDays(3), CatalogMigrationMonths = 1 };

        stream.End(EndedAt, policy);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.RecordingExpiresAt, Is.EqualTo(new DateTimeOffset(2030, 2, 3, 19, 0, 0, TimeSpan.Zero)));
            // Jan 31 + 1 month clamps to the last day of February.
            Assert.That(stream.MigrationScheduledAt, Is.EqualTo(new DateTimeOffset(2030, 2, 28, 19, 0, 0, TimeSpan.Zero)));
        }
    }

    [Test]
    public void End_WhenScheduled_Throws()
    {
        var stream = TestStreams.Scheduled();

        var ex = Assert.Throws<DomainException>(() => stream.End(TestClock.Tomorrow, RetentionPolicy.Default));

        Assert.That(ex?.Message, Does.Contain("cannot end a class that is scheduled"));
    }

    [Test]
    public void End_WhenScheduled_LeavesNoRecordingExpiry()
    {
        var stream = TestStreams.Scheduled();

        Assert.Throws<DomainException>(() => stream.End(TestClock.Tomorrow, RetentionPolicy.Default));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.Status, Is.EqualTo(StreamStatus.Scheduled));
            Assert.That(stream.EndedAt, Is.Null);
            Assert.That(stream.RecordingExpiresAt, Is.Null);
            Assert.That(stream.MigrationScheduledAt, Is.Null);
        }
    }

    [Test]
    public void End_WhenAlreadyEnded_ThrowsAndKeepsTheFirstEnd()
    {
        var stream = LiveOnJanuaryThirtyFirst();
        stream.End(EndedAt, RetentionPolicy.Default);

        var ex = Assert.Throws<DomainException>(() => stream.End(EndedAt.AddHours(1), RetentionPolicy.Default));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex?.Message, Does.Contain("cannot end a class that is ended"));
            Assert.That(stream.EndedAt, Is.EqualTo(EndedAt));
            Assert.That(stream.RecordingExpiresAt, Is.EqualTo(EndedAt.AddDays(7)));
        }
    }

    [Test]
    public void End_WhenCancelled_Throws()
    {
        var stream = TestStreams.Cancelled();

        Assert.Throws<DomainException>(() => stream.End(TestClock.Tomorrow, RetentionPolicy.Default));
    }

    // Scheduled → Cancelled

    [Test]
    public void Cancel_WhenScheduled_MarksTheClassCancelled()
    {
        var stream = TestStreams.Scheduled();
        var cancelledAt = TestClock.Now.AddHours(3);

        stream.Cancel(cancelledAt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.Status, Is.EqualTo(StreamStatus.Cancelled));
            Assert.That(stream.CancelledAt, Is.EqualTo(cancelledAt));
            Assert.That(stream.UpdatedAt, Is.EqualTo(cancelledAt));
        }
    }

    [Test]
    public void Cancel_WhenLive_Throws()
    {
        var stream = TestStreams.Live();

        var ex = Assert.Throws<DomainException>(() => stream.Cancel(TestClock.Tomorrow.AddMinutes(5)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex?.Message, Does.Contain("cannot cancel a class that is live"));
            Assert.That(stream.Status, Is.EqualTo(StreamStatus.Live));
        }
    }

    [Test]
    public void Cancel_WhenEnded_Throws()
    {
        var stream = TestStreams.Ended();

        Assert.Throws<DomainException>(() => stream.Cancel(TestClock.Tomorrow.AddHours(2)));
    }

    [Test]
    public void Cancel_WhenAlreadyCancelled_Throws()
    {
        var stream = TestStreams.Cancelled();

        Assert.Throws<DomainException>(() => stream.Cancel(TestClock.Now.AddHours(2)));
    }

    // Enrollment window

    [Test]
    public void IsOpenForEnrollment_WhenScheduled_IsTrue()
    {
        Assert.That(TestStreams.Scheduled().IsOpenForEnrollment, Is.True);
    }

    [Test]
    public void IsOpenForEnrollment_WhenLive_IsTrue()
    {
        Assert.That(TestStreams.Live().IsOpenForEnrollment, Is.True);
    }

    [Test]
    public void IsOpenForEnrollment_WhenEnded_IsFalse()
    {
        Assert.That(TestStreams.Ended().IsOpenForEnrollment, Is.False);
    }

    [Test]
    public void IsOpenForEnrollment_WhenCancelled_IsFalse()
    {
        Assert.That(TestStreams.Cancelled().IsOpenForEnrollment, Is.False);
    }
}
