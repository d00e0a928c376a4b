using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Enrollments;

/// <summary>A place in line for a full class: joined once, before the start, left or given a seat or skipped.</summary>
public class WaitlistEntryTests
{
    private static readonly DateTimeOffset Now = TestClock.Now;

    private static Streaming.Domain.Streams.LiveStream FullClass()
    {
        var stream = TestStreams.Scheduled(capacity: 2);
        TestStreams.FillSeats(stream, 2);
        return stream;
    }

    [Test]
    public void Join_AFullClassBeforeItStarts_Waits()
    {
        var entry = WaitlistEntry.Join(FullClass(), "member-1", memberHoldsSeat: false, alreadyWaiting: false, Now);

        Assert.That(entry.Status, Is.EqualTo(WaitlistStatus.Waiting));
        Assert.That(entry.JoinedAt, Is.EqualTo(Now));
    }

    [Test]
    public void Join_IsRefused_WithSeatsLeft_Twice_WhenEnrolled_ForTheInstructor_OrOnceStarted()
    {
        Assert.That(() => WaitlistEntry.Join(TestStreams.Scheduled(capacity: 3), "m", false, false, Now),
            Throws.InstanceOf<DomainException>().With.Message.EqualTo("This class has seats left: enroll instead."));
        Assert.That(() => WaitlistEntry.Join(TestStreams.Scheduled(), "m", false, false, Now),
            Throws.InstanceOf<DomainException>().With.Message.EqualTo("This class has seats left: enroll instead."), "no limit, no line");
        Assert.That(() => WaitlistEntry.Join(FullClass(), "m", false, alreadyWaiting: true, Now),
            Throws.InstanceOf<DomainException>().With.Message.Contains("already on the waitlist"));
        Assert.That(() => WaitlistEntry.Join(FullClass(), "m", memberHoldsSeat: true, false, Now),
            Throws.InstanceOf<DomainException>().With.Message.Contains("already enrolled"));
        Assert.That(() => WaitlistEntry.Join(FullClass(), TestStreams.InstructorId, false, false, Now), Throws.InstanceOf<DomainException>());
        Assert.That(() => WaitlistEntry.Join(FullClass(), "m", false, false, TestClock.Tomorrow),
            Throws.InstanceOf<DomainException>().With.Message.EqualTo("The waitlist closes when the class starts."));
    }

    [Test]
    public void GiveSeat_ThenSkip_WhenThePaymentFails_KeepsTheNotice()
    {
        var entry = WaitlistEntry.Join(FullClass(), "m", false, false, Now);
        var seat = Guid.NewGuid();

        entry.GiveSeat(seat, Now.AddHours(1));
        entry.Skip("Your balance was too low.", Now.AddHours(1));

        Assert.That((entry.Status, entry.EnrollmentId, entry.Notice), Is.EqualTo((WaitlistStatus.Skipped, (Guid?)seat, "Your balance was too low.")));
        Assert.Throws<DomainException>(() => entry.Leave(Now.AddHours(2)), "no longer in line");
    }

    [Test]
    public void Leave_WhileWaiting_LeavesForGood()
    {
        var entry = WaitlistEntry.Join(FullClass(), "m", false, false, Now);

        entry.Leave(Now.AddMinutes(1));

        Assert.That(entry.Status, Is.EqualTo(WaitlistStatus.Left));
        Assert.Throws<DomainException>(() => entry.GiveSeat(Guid.NewGuid(), Now.AddMinutes(2)));
        Assert.Throws<DomainException>(() => entry.Close("Started.", Now.AddMinutes(2)));
    }
}
