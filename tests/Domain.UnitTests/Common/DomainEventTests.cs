using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Common;

/// <summary>The entities raise the events their handlers react to, and only when the change happened.</summary>
public class DomainEventTests
{
    [Test]
    public void Cancelling_a_class_raises_StreamCancelled_once()
    {
        var stream = TestStreams.Scheduled();

        stream.Cancel(TestClock.Now);

        Assert.That(stream.DomainEvents, Is.EqualTo(new IDomainEvent[] { new StreamCancelled(stream) }));
    }

    [Test]
    public void A_refused_cancellation_raises_nothing()
    {
        var stream = TestStreams.Scheduled();
        stream.Cancel(TestClock.Now);
        stream.ClearDomainEvents();

        Assert.Throws<DomainException>(() => stream.Cancel(TestClock.Now));
        Assert.That(stream.DomainEvents, Is.Empty);
    }

    [Test]
    public void Ending_a_live_class_raises_StreamEnded()
    {
        var stream = TestStreams.Live();

        stream.End(TestClock.Tomorrow.AddMinutes(40), RetentionPolicy.Default);

        Assert.That(stream.DomainEvents.OfType<StreamEnded>().Single().Stream, Is.SameAs(stream));
    }

    [Test]
    public void A_confirmed_payment_raises_EnrollmentActivated_with_the_balance()
    {
        var enrollment = TestEnrollments.PendingIn(TestStreams.Scheduled());

        enrollment.ConfirmPayment("tx-1", TestClock.Now, balanceAfter: 41);

        Assert.That(enrollment.DomainEvents, Is.EqualTo(new IDomainEvent[] { new EnrollmentActivated(enrollment, 41) }));
    }

    [Test]
    public void A_payment_landing_after_the_cancellation_raises_no_activation()
    {
        var stream = TestStreams.Scheduled();
        var enrollment = TestEnrollments.PendingIn(stream);
        stream.Cancel(TestClock.Now);

        enrollment.ConfirmPayment("late", TestClock.Now);

        Assert.That(enrollment.DomainEvents, Is.Empty, "no receipt for a seat that failed");
    }

    [Test]
    public void A_member_cancelling_raises_EnrollmentCancelled_but_a_plain_refund_does_not()
    {
        var cancelled = TestEnrollments.PendingIn(TestStreams.Scheduled());
        cancelled.Activate("tx-1", TestClock.Now);
        var refunded = TestEnrollments.PendingIn(TestStreams.Scheduled());
        refunded.Activate("tx-2", TestClock.Now);

        cancelled.CancelByMember(TestClock.Now);
        refunded.Refund(TestClock.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cancelled.Status, Is.EqualTo(EnrollmentStatus.Refunded));
            Assert.That(cancelled.DomainEvents, Is.EqualTo(new IDomainEvent[] { new EnrollmentCancelled(cancelled) }));
            Assert.That(refunded.DomainEvents, Is.Empty);
        }
    }
}
