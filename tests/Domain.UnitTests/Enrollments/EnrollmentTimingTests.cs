using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Enrollments;

public class EnrollmentTimingTests
{
    [Test]
    public void Open_InAScheduledClassWhoseEndHasPassed_Throws()
    {
        var stream = TestStreams.ScheduledIn(TimeSpan.FromHours(1), durationMinutes: 30);

        var ex = Assert.Throws<DomainException>(() =>
            Enrollment.Open(stream, "member", memberHoldsSeat: false, stream.ScheduledEnd));

        Assert.That(ex!.Message, Does.Contain("no longer takes enrollments"));
        Assert.That(stream.SeatsTaken, Is.Zero);
    }

    [Test]
    public void Open_InAScheduledClassThatHasStartedButNotEnded_IsAllowed()
    {
        var stream = TestStreams.ScheduledIn(TimeSpan.FromHours(1), durationMinutes: 30);

        var enrollment = Enrollment.Open(stream, "member", memberHoldsSeat: false, stream.ScheduledStart.AddMinutes(10));

        Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Pending));
    }

    [Test]
    public void Open_ByTheClassesOwnInstructor_Throws()
    {
        var stream = TestStreams.Scheduled();

        var ex = Assert.Throws<DomainException>(() =>
            Enrollment.Open(stream, TestStreams.InstructorId, memberHoldsSeat: false, TestClock.Now));

        Assert.That(ex!.Message, Does.Contain("You teach this class"));
        Assert.That(stream.SeatsTaken, Is.Zero);
    }
}
