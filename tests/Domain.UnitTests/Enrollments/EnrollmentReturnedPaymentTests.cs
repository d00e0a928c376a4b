using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Enrollments;

public class EnrollmentReturnedPaymentTests
{
    [Test]
    public void RecordReturnedPayment_WhenFailed_MarksRefundedWithoutReleasingASecondSeat()
    {
        var stream = TestStreams.Scheduled(capacity: 5);
        TestStreams.FillSeats(stream, 2);
        var enrollment = TestEnrollments.FailedIn(stream);
        var seatsAfterFailure = stream.SeatsTaken;

        enrollment.RecordReturnedPayment("late-charge", TestClock.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Refunded));
            Assert.That(enrollment.LedgerTransactionId, Is.EqualTo("late-charge"));
            Assert.That(enrollment.RefundedAt, Is.EqualTo(TestClock.Now));
            Assert.That(stream.SeatsTaken, Is.EqualTo(seatsAfterFailure));
        }
    }

    [Test]
    public void RecordReturnedPayment_WhenActive_Throws()
    {
        var enrollment = TestEnrollments.ActiveIn(TestStreams.Scheduled());

        Assert.Throws<DomainException>(() => enrollment.RecordReturnedPayment("tx", TestClock.Now));
        Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Active));
    }
}
