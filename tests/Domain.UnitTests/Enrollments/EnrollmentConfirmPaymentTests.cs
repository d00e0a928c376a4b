using Streaming.Domain.Enrollments;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Enrollments;

public class EnrollmentConfirmPaymentTests
{
    [Test]
    public void ConfirmPayment_InAScheduledClass_Activates()
    {
        var enrollment = TestEnrollments.PendingIn(TestStreams.Scheduled());

        enrollment.ConfirmPayment("tx-1", TestClock.Now);

        Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Active));
        Assert.That(enrollment.FailedBecauseClassWasCancelled, Is.False);
    }

    [Test]
    public void ConfirmPayment_AfterTheClassWasCancelled_FailsAndReleasesTheSeat()
    {
        var stream = TestStreams.Scheduled(capacity: 5);
        var enrollment = TestEnrollments.PendingIn(stream);
        stream.Cancel(TestClock.Now);

        enrollment.ConfirmPayment("late-charge", TestClock.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Failed), "never Active in a cancelled class");
            Assert.That(enrollment.FailedBecauseClassWasCancelled, Is.True);
            Assert.That(stream.SeatsTaken, Is.Zero);
        }

        enrollment.RecordReturnedPayment("late-charge", TestClock.Now);
        Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Refunded));
    }
}
