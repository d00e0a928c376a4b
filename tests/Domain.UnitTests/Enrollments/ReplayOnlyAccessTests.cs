using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Enrollments;

/// <summary>Replay-only access to a past class: sold while its replay is kept, at the replay price, without a seat.</summary>
public class ReplayOnlyAccessTests
{
    private static readonly DateTimeOffset AfterTheClass = TestClock.Tomorrow.AddHours(2);

    [Test]
    public void OpenReplayOnly_AnEndedClass_IsPendingAtTheClassPrice_WithoutASeat()
    {
        var stream = TestStreams.Ended(price: 12);
        var seats = stream.SeatsTaken;

        var access = Enrollment.OpenReplayOnly(stream, "member-1", memberHoldsSeat: false, replayAvailable: true, AfterTheClass);

        Assert.That(access.Kind, Is.EqualTo(EnrollmentKind.ReplayOnly));
        Assert.That(access.Status, Is.EqualTo(EnrollmentStatus.Pending));
        Assert.That(access.TokensPaid, Is.EqualTo(12));
        Assert.That(stream.SeatsTaken, Is.EqualTo(seats), "no seat is taken");
    }

    [Test]
    public void OpenReplayOnly_UsesTheClassesOwnReplayPrice()
    {
        var stream = TestStreams.Scheduled(price: 12);
        stream.SetReplayPrice(4);
        stream.GoLive(TestClock.Tomorrow);
        stream.End(TestClock.Tomorrow.AddHours(1), RetentionPolicy.Default);

        Assert.That(Enrollment.OpenReplayOnly(stream, "member-1", false, true, AfterTheClass).TokensPaid, Is.EqualTo(4));
    }

    [Test]
    public void OpenReplayOnly_WhenActivatedThenFailedOrRefunded_NeverReleasesASeat()
    {
        var stream = TestStreams.Ended();
        var failed = Enrollment.OpenReplayOnly(stream, "member-1", false, true, AfterTheClass);
        var refunded = Enrollment.OpenReplayOnly(stream, "member-2", false, true, AfterTheClass);
        var seats = stream.SeatsTaken;

        failed.Fail("Insufficient balance.");
        refunded.Activate("tx-1", AfterTheClass);
        refunded.Refund(AfterTheClass);

        Assert.That(stream.SeatsTaken, Is.EqualTo(seats));
    }

    [Test]
    public void OpenReplayOnly_IsRefused_BeforeTheEnd_AfterTheReplayExpires_WithoutAReplay_OrWhenNotHeld()
    {
        var ended = TestStreams.Ended();
        var notHeld = TestStreams.Ended();
        notHeld.JudgeTookPlace(TimeSpan.Zero, ClassClosingPolicy.Default);

        Assert.That(() => Enrollment.OpenReplayOnly(TestStreams.Live(), "m", false, true, AfterTheClass),
            Throws.InstanceOf<DomainException>().With.Message.Contains("once the class has ended"));
        Assert.That(() => Enrollment.OpenReplayOnly(ended, "m", false, true, ended.RecordingExpiresAt!.Value),
            Throws.InstanceOf<DomainException>().With.Message.Contains("no longer available"));
        Assert.That(() => Enrollment.OpenReplayOnly(ended, "m", false, replayAvailable: false, AfterTheClass),
            Throws.InstanceOf<DomainException>().With.Message.Contains("not available yet"));
        Assert.That(() => Enrollment.OpenReplayOnly(notHeld, "m", false, true, AfterTheClass),
            Throws.InstanceOf<DomainException>().With.Message.Contains("did not take place"));
        Assert.That(() => Enrollment.OpenReplayOnly(ended, TestStreams.InstructorId, false, true, AfterTheClass),
            Throws.InstanceOf<DomainException>());
        Assert.That(() => Enrollment.OpenReplayOnly(ended, "m", memberHoldsSeat: true, true, AfterTheClass),
            Throws.InstanceOf<DomainException>().With.Message.Contains("already have access"));
    }

    [Test]
    public void SetReplayPrice_RefusesNegativePrices_AndCancelledClasses()
    {
        Assert.Throws<DomainException>(() => TestStreams.Scheduled().SetReplayPrice(-1));
        Assert.Throws<DomainException>(() => TestStreams.Cancelled().SetReplayPrice(3));
        var stream = TestStreams.Scheduled(price: 10);
        stream.SetReplayPrice(null);
        Assert.That(stream.ReplayPrice, Is.EqualTo(10), "empty: the class price");
    }
}
