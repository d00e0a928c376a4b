using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Enrollments;

public class EnrollmentAccessTests
{
    private static readonly DateTimeOffset StartedAt = TestClock.Tomorrow;
    private static readonly DateTimeOffset DuringClass = StartedAt.AddMinutes(30);
    private static readonly DateTimeOffset EndedAt = StartedAt.AddHours(1);
    private static readonly DateTimeOffset ReplayExpiry = EndedAt.AddDays(7);

    /// <summary>An enrollment made while the class was scheduled; the caller moves the class on.</summary>
    private static (LiveStream Stream, Enrollment Enrollment) ActiveEnrollment()
    {
        var stream = TestStreams.Scheduled();
        return (stream, TestEnrollments.ActiveIn(stream));
    }

    private static void GoLive(LiveStream stream) => stream.GoLive(StartedAt);

    private static void GoLiveAndEnd(LiveStream stream, RetentionPolicy? retention = null)
    {
        stream.GoLive(StartedAt);
        stream.End(EndedAt, retention ?? RetentionPolicy.Default);
    }

    // CanWatchLive

    [Test]
    public void CanWatchLive_ActiveEnrollmentInLiveClass_IsTrue()
    {
        var (stream, enrollment) = ActiveEnrollment();
        GoLive(stream);

        Assert.That(enrollment.CanWatchLive(DuringClass), Is.True);
    }

    [Test]
    public void CanWatchLive_AtTheMomentTheClassWentLive_IsTrue()
    {
        var (stream, enrollment) = ActiveEnrollment();
        GoLive(stream);

        Assert.That(enrollment.CanWatchLive(StartedAt), Is.True);
    }

    [Test]
    public void CanWatchLive_BeforeTheClassWentLive_IsFalse()
    {
        var (stream, enrollment) = ActiveEnrollment();
        GoLive(stream);

        Assert.That(enrollment.CanWatchLive(StartedAt.AddTicks(-1)), Is.False);
    }

    [Test]
    public void CanWatchLive_EnrollmentOpenedWhileLiveAndActivated_IsTrue()
    {
        var stream = TestStreams.Live();
        var enrollment = TestEnrollments.ActiveIn(stream);

        Assert.That(enrollment.CanWatchLive(DuringClass), Is.True);
    }

    [Test]
    public void CanWatchLive_PendingEnrollment_IsFalse()
    {
        var stream = TestStreams.Scheduled();
        var enrollment = TestEnrollments.PendingIn(stream);
        GoLive(stream);

        Assert.That(enrollment.CanWatchLive(DuringClass), Is.False);
    }

    [Test]
    public void CanWatchLive_RefundedEnrollment_IsFalse()
    {
        var stream = TestStreams.Scheduled();
        var enrollment = TestEnrollments.RefundedIn(stream);
        GoLive(stream);

        Assert.That(enrollment.CanWatchLive(DuringClass), Is.False);
    }

    [Test]
    public void CanWatchLive_FailedEnrollment_IsFalse()
    {
        var stream = TestStreams.Scheduled();
        var enrollment = TestEnrollments.FailedIn(stream);
        GoLive(stream);

        Assert.That(enrollment.CanWatchLive(DuringClass), Is.False);
    }

    [Test]
    public void CanWatchLive_ClassStillScheduled_IsFalse()
    {
        var (_, enrollment) = ActiveEnrollment();

        Assert.That(enrollment.CanWatchLive(DuringClass), Is.False);
    }

    [Test]
    public void CanWatchLive_ClassEnded_IsFalse()
    {
        var (stream, enrollment) = ActiveEnrollment();
        GoLiveAndEnd(stream);

        Assert.That(enrollment.CanWatchLive(EndedAt.AddMinutes(1)), Is.False);
    }

    [Test]
    public void CanWatchLive_ClassCancelled_IsFalse()
    {
        var (stream, enrollment) = ActiveEnrollment();
        stream.Cancel(TestClock.Now.AddHours(1));

        Assert.That(enrollment.CanWatchLive(DuringClass), Is.False);
    }

    // CanWatchReplay

    [Test]
    public void CanWatchReplay_ActiveEnrollmentInEndedClassBeforeExpiry_IsTrue()
    {
        var (stream, enrollment) = ActiveEnrollment();
        GoLiveAndEnd(stream);

        Assert.That(enrollment.CanWatchReplay(EndedAt.AddDays(3)), Is.True);
    }

    [Test]
    public void CanWatchReplay_OneTickBeforeExpiry_IsTrue()
    {
        var (stream, enrollment) = ActiveEnrollment();
        GoLiveAndEnd(stream);

        Assert.That(enrollment.CanWatchReplay(ReplayExpiry.AddTicks(-1)), Is.True);
    }

    [Test]
    public void CanWatchReplay_ExactlyAtExpiry_IsFalse()
    {
        var (stream, enrollment) = ActiveEnrollment();
        GoLiveAndEnd(stream);

        Assert.That(enrollment.CanWatchReplay(ReplayExpiry), Is.False);
    }

    [Test]
    public void CanWatchReplay_AfterExpiry_IsFalse()
    {
        var (stream, enrollment) = ActiveEnrollment();
        GoLiveAndEnd(stream);

        Assert.That(enrollment.CanWatchReplay(ReplayExpiry.AddDays(1)), Is.False);
    }

    [Test]
    public void CanWatchReplay_WithCustomRetention_ExpiresWhenThePolicySays()
    {
        var (stream, enrollment) = ActiveEnrollment();
        GoLiveAndEnd(stream, new RetentionPolicy { ReplayRetention = TimeSpan.FromDays(3), CatalogMigrationMonths = 1 });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.CanWatchReplay(EndedAt.AddDays(3).AddTicks(-1)), Is.True);
            Assert.That(enrollment.CanWatchReplay(EndedAt.AddDays(3)), Is.False);
        }
    }

    [Test]
    public void CanWatchReplay_RefundedEnrollment_IsFalse()
    {
        var (stream, enrollment) = ActiveEnrollment();
        GoLiveAndEnd(stream);
        enrollment.Refund(EndedAt.AddMinutes(5));

        Assert.That(enrollment.CanWatchReplay(EndedAt.AddDays(1)), Is.False);
    }

    [Test]
    public void CanWatchReplay_PendingEnrollment_IsFalse()
    {
        var stream = TestStreams.Scheduled();
        var enrollment = TestEnrollments.PendingIn(stream);
        GoLiveAndEnd(stream);

        Assert.That(enrollment.CanWatchReplay(EndedAt.AddDays(1)), Is.False);
    }

    [Test]
    public void CanWatchReplay_FailedEnrollment_IsFalse()
    {
        var stream = TestStreams.Scheduled();
        var enrollment = TestEnrollments.FailedIn(stream);
        GoLiveAndEnd(stream);

        Assert.That(enrollment.CanWatchReplay(EndedAt.AddDays(1)), Is.False);
    }

    [Test]
    public void CanWatchReplay_ClassStillLive_IsFalse()
    {
        var (stream, enrollment) = ActiveEnrollment();
        GoLive(stream);

        Assert.That(enrollment.CanWatchReplay(DuringClass), Is.False);
    }

    [Test]
    public void CanWatchReplay_ClassStillScheduled_IsFalse()
    {
        var (_, enrollment) = ActiveEnrollment();

        Assert.That(enrollment.CanWatchReplay(DuringClass), Is.False);
    }

    [Test]
    public void CanWatchReplay_ClassCancelled_IsFalse()
    {
        var (stream, enrollment) = ActiveEnrollment();
        stream.Cancel(TestClock.Now.AddHours(1));

        Assert.That(enrollment.CanWatchReplay(DuringClass), Is.False);
    }
}
