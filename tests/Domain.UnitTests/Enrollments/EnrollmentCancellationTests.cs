using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Enrollments;

/// <summary>
/// When may a member cancel (with a full refund)? An active enrollment in a scheduled class, until
/// the cancellation window before the start — at the deadline itself still, one tick later not.
/// </summary>
[SetCulture("en-US")]
public class EnrollmentCancellationTests
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(12);

    /// <summary>The class starts at <see cref="TestClock.Tomorrow"/>, so the deadline is 12 h after <see cref="TestClock.Now"/>.</summary>
    private static readonly DateTimeOffset Deadline = TestClock.Tomorrow - Window;

    private const string WindowMessage = "Enrollments can be cancelled until 12 hours before the class starts (Thu 10 Jan 21:00 UTC).";

    [Test]
    public void ActiveInAScheduledClass_BeforeTheWindow_MayCancel()
    {
        var enrollment = TestEnrollments.ActiveIn(TestStreams.Scheduled());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.WhyMemberCannotCancel(TestClock.Now, Window), Is.Null);
            Assert.DoesNotThrow(() => enrollment.EnsureMemberCanCancel(TestClock.Now, Window));
        }
    }

    [Test]
    public void ExactlyAtTheDeadline_MayStillCancel()
    {
        var enrollment = TestEnrollments.ActiveIn(TestStreams.Scheduled());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.WhyMemberCannotCancel(Deadline, Window), Is.Null);
            Assert.DoesNotThrow(() => enrollment.EnsureMemberCanCancel(Deadline, Window));
        }
    }

    [Test]
    public void OneTickAfterTheDeadline_IsRefused_WithTheDeadlineInTheMessage()
    {
        var enrollment = TestEnrollments.ActiveIn(TestStreams.Scheduled());
        var late = Deadline.AddTicks(1);

        var ex = Assert.Throws<DomainException>(() => enrollment.EnsureMemberCanCancel(late, Window));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.WhyMemberCannotCancel(late, Window), Is.EqualTo(WindowMessage));
            Assert.That(ex?.Message, Is.EqualTo(WindowMessage));
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Active), "refusing changes nothing");
        }
    }

    [Test]
    public void TheDeadline_IsComparedAsAnInstant_WhateverTheOffset()
    {
        var enrollment = TestEnrollments.ActiveIn(TestStreams.Scheduled());
        var deadlineInNewYork = Deadline.ToOffset(TimeSpan.FromHours(-5));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.WhyMemberCannotCancel(deadlineInNewYork, Window), Is.Null);
            Assert.That(enrollment.WhyMemberCannotCancel(deadlineInNewYork.AddTicks(1), Window), Is.EqualTo(WindowMessage));
        }
    }

    [Test]
    public void AfterTheStartTime_OfAClassThatIsStillScheduled_IsRefused()
    {
        var enrollment = TestEnrollments.ActiveIn(TestStreams.Scheduled());

        Assert.That(enrollment.WhyMemberCannotCancel(TestClock.Tomorrow.AddMinutes(1), Window), Is.EqualTo(WindowMessage));
    }

    [Test]
    public void AnotherWindow_MovesTheDeadline_AndShowsInTheMessage()
    {
        var enrollment = TestEnrollments.ActiveIn(TestStreams.Scheduled());
        var window = TimeSpan.FromMinutes(90);
        var deadline = TestClock.Tomorrow - window;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.WhyMemberCannotCancel(deadline, window), Is.Null);
            Assert.That(enrollment.WhyMemberCannotCancel(deadline.AddTicks(1), window),
                Is.EqualTo("Enrollments can be cancelled until 1.5 hours before the class starts (Fri 11 Jan 07:30 UTC)."));
        }
    }

    [Test]
    public void ZeroWindow_AllowsCancellingUntilTheStart()
    {
        var enrollment = TestEnrollments.ActiveIn(TestStreams.Scheduled());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.WhyMemberCannotCancel(TestClock.Tomorrow, TimeSpan.Zero), Is.Null);
            Assert.That(enrollment.WhyMemberCannotCancel(TestClock.Tomorrow.AddTicks(1), TimeSpan.Zero), Is.Not.Null);
        }
    }

    [Test]
    public void FreeClass_FollowsTheSameRules()
    {
        var enrollment = TestEnrollments.ActiveIn(TestStreams.Scheduled(price: 0));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.WhyMemberCannotCancel(TestClock.Now, Window), Is.Null);
            Assert.That(enrollment.WhyMemberCannotCancel(Deadline.AddTicks(1), Window), Is.EqualTo(WindowMessage));
        }
    }

    // The class is no longer scheduled

    private static IEnumerable<TestCaseData> ClassesNoLongerScheduled()
    {
        yield return new TestCaseData((Action<LiveStream>)(s => s.GoLive(TestClock.Now)), "live").SetName("LiveClass_IsRefused");
        yield return new TestCaseData((Action<LiveStream>)(s =>
        {
            s.GoLive(TestClock.Now);
            s.End(TestClock.Now.AddHours(1), RetentionPolicy.Default);
        }), "ended").SetName("EndedClass_IsRefused");
        yield return new TestCaseData((Action<LiveStream>)(s => s.Cancel(TestClock.Now)), "cancelled").SetName("CancelledClass_IsRefused");
    }

    [TestCaseSource(nameof(ClassesNoLongerScheduled))]
    public void ClassNoLongerScheduled_IsRefused_EvenLongBeforeTheDeadline(Action<LiveStream> move, string status)
    {
        var stream = TestStreams.Scheduled();
        var enrollment = TestEnrollments.ActiveIn(stream);
        move(stream);
        var expected = $"The class is {status}; the enrollment can no longer be cancelled.";

        var ex = Assert.Throws<DomainException>(() => enrollment.EnsureMemberCanCancel(TestClock.Now, Window));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enrollment.WhyMemberCannotCancel(TestClock.Now, Window), Is.EqualTo(expected));
            Assert.That(ex?.Message, Is.EqualTo(expected));
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Active));
        }
    }

    // The enrollment is not active

    private static IEnumerable<TestCaseData> EnrollmentsNotActive()
    {
        yield return new TestCaseData((Func<LiveStream, Enrollment>)TestEnrollments.PendingIn, EnrollmentStatus.Pending).SetName("PendingEnrollment_IsRefused");
        yield return new TestCaseData((Func<LiveStream, Enrollment>)TestEnrollments.RefundedIn, EnrollmentStatus.Refunded).SetName("RefundedEnrollment_IsRefused");
        yield return new TestCaseData((Func<LiveStream, Enrollment>)TestEnrollments.FailedIn, EnrollmentStatus.Failed).SetName("FailedEnrollment_IsRefused");
    }

    [TestCaseSource(nameof(EnrollmentsNotActive))]
    public void EnrollmentNotActive_IsRefused_BeforeLookingAtTheClock(Func<LiveStream, Enrollment> create, EnrollmentStatus status)
    {
        var enrollment = create(TestStreams.Scheduled());

        var ex = Assert.Throws<DomainException>(() => enrollment.EnsureMemberCanCancel(TestClock.Now, Window));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex?.Message, Is.EqualTo("Only an active enrollment can be cancelled."));
            Assert.That(enrollment.WhyMemberCannotCancel(TestClock.Now, Window), Is.EqualTo("Only an active enrollment can be cancelled."));
            Assert.That(enrollment.Status, Is.EqualTo(status));
        }
    }

    [Test]
    public void PendingEnrollmentInALiveClass_IsToldItIsNotActive()
    {
        var stream = TestStreams.Scheduled();
        var enrollment = TestEnrollments.PendingIn(stream);
        stream.GoLive(TestClock.Now);

        Assert.That(enrollment.WhyMemberCannotCancel(TestClock.Now, Window), Is.EqualTo("Only an active enrollment can be cancelled."));
    }
}
