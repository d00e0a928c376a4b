using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Enrollments;

public class EnrollmentStatusTests
{
    private const string LedgerId = TestEnrollments.LedgerTransactionId;
    private static readonly DateTimeOffset Later = TestClock.Now.AddMinutes(1);

    // Activate

    [Test]
    public void Activate_PaidEnrollmentWithLedgerTransaction_BecomesActive()
    {
        var enrollment = TestEnrollments.PendingIn(TestStreams.Scheduled(price: 10));

        enrollment.Activate(LedgerId, Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Active));
            Assert.That(enrollment.IsActive, Is.True);
            Assert.That(enrollment.LedgerTransactionId, Is.EqualTo(LedgerId));
            Assert.That(enrollment.ActivatedAt, Is.EqualTo(Later));
        }
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Activate_PaidEnrollmentWithoutLedgerTransaction_ThrowsAndStaysPending(string? ledgerTransactionId)
    {
        var enrollment = TestEnrollments.PendingIn(TestStreams.Scheduled(price: 10));

        var ex = Assert.Throws<DomainException>(() => enrollment.Activate(ledgerTransactionId, Later));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex?.Message, Does.Contain("paid enrollment needs the ledger transaction"));
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Pending));
            Assert.That(enrollment.ActivatedAt, Is.Null);
        }
    }

    [Test]
    public void Activate_FreeEnrollmentWithoutLedgerTransaction_BecomesActive()
    {
        var enrollment = TestEnrollments.PendingIn(TestStreams.Scheduled(price: 0));

        enrollment.Activate(null, Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Active));
            Assert.That(enrollment.LedgerTransactionId, Is.Null);
            Assert.That(enrollment.ActivatedAt, Is.EqualTo(Later));
        }
    }

    [Test]
    public void Activate_WhenAlreadyActive_Throws()
    {
        var enrollment = TestEnrollments.ActiveIn(TestStreams.Scheduled());

        var ex = Assert.Throws<DomainException>(() => enrollment.Activate("ledger-tx-2", Later));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex?.Message, Does.Contain("Only a pending enrollment can be activated (this one is active)"));
            Assert.That(enrollment.LedgerTransactionId, Is.EqualTo(LedgerId));
        }
    }

    [Test]
    public void Activate_WhenFailed_Throws()
    {
        var enrollment = TestEnrollments.FailedIn(TestStreams.Scheduled());

        Assert.Throws<DomainException>(() => enrollment.Activate(LedgerId, Later));
    }

    [Test]
    public void Activate_WhenRefunded_Throws()
    {
        var enrollment = TestEnrollments.RefundedIn(TestStreams.Scheduled());

        Assert.Throws<DomainException>(() => enrollment.Activate(LedgerId, Later));
    }

    // Fail

    [Test]
    public void Fail_WhenPending_MarksFailedAndKeepsTheReason()
    {
        var enrollment = TestEnrollments.PendingIn(TestStreams.Scheduled());

        enrollment.Fail("Not enough tokens.");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Failed));
            Assert.That(enrollment.FailureReason, Is.EqualTo("Not enough tokens."));
            Assert.That(enrollment.IsActive, Is.False);
        }
    }

    [Test]
    public void Fail_WhenActive_Throws()
    {
        var enrollment = TestEnrollments.ActiveIn(TestStreams.Scheduled());

        var ex = Assert.Throws<DomainException>(() => enrollment.Fail("Too late."));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex?.Message, Does.Contain("Only a pending enrollment can fail"));
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Active));
            Assert.That(enrollment.FailureReason, Is.Null);
        }
    }

    [Test]
    public void Fail_WhenAlreadyFailed_ThrowsAndKeepsTheFirstReason()
    {
        var enrollment = TestEnrollments.PendingIn(TestStreams.Scheduled());
        enrollment.Fail("First reason.");

        Assert.Throws<DomainException>(() => enrollment.Fail("Second reason."));
        Assert.That(enrollment.FailureReason, Is.EqualTo("First reason."));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Fail_WithoutAReason_Throws(string reason)
    {
        var enrollment = TestEnrollments.PendingIn(TestStreams.Scheduled());

        Assert.Throws<DomainException>(() => enrollment.Fail(reason));
        Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Pending));
    }

    [Test]
    public void Fail_WhenRefunded_Throws()
    {
        var enrollment = TestEnrollments.RefundedIn(TestStreams.Scheduled());

        Assert.Throws<DomainException>(() => enrollment.Fail("Too late."));
    }

    // Refund

    [Test]
    public void Refund_WhenActive_MarksRefunded()
    {
        var enrollment = TestEnrollments.ActiveIn(TestStreams.Scheduled());

        enrollment.Refund(Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Refunded));
            Assert.That(enrollment.RefundedAt, Is.EqualTo(Later));
            Assert.That(enrollment.IsActive, Is.False);
        }
    }

    [Test]
    public void Refund_WhenPending_Throws()
    {
        var enrollment = TestEnrollments.PendingIn(TestStreams.Scheduled());

        var ex = Assert.Throws<DomainException>(() => enrollment.Refund(Later));

        Assert.That(ex?.Message, Does.Contain("Only an active enrollment can be refunded (this one is pending)"));
    }

    [Test]
    public void Refund_WhenFailed_Throws()
    {
        var enrollment = TestEnrollments.FailedIn(TestStreams.Scheduled());

        Assert.Throws<DomainException>(() => enrollment.Refund(Later));
    }

    [Test]
    public void Refund_WhenAlreadyRefunded_ThrowsAndKeepsTheFirstRefundTime()
    {
        var enrollment = TestEnrollments.ActiveIn(TestStreams.Scheduled());
        enrollment.Refund(Later);

        Assert.Throws<DomainException>(() => enrollment.Refund(Later.AddHours(1)));
        Assert.That(enrollment.RefundedAt, Is.EqualTo(Later));
    }
}
