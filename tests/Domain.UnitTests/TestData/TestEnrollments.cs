using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Domain.UnitTests.TestData;

/// <summary>Builds <see cref="Enrollment"/>s in each status.</summary>
internal static class TestEnrollments
{
    public const string MemberId = "member-1";
    public const string LedgerTransactionId = "ledger-tx-1";

    public static Enrollment PendingIn(LiveStream stream) =>
        Enrollment.Open(stream, MemberId, memberHoldsSeat: false, TestClock.Now);

    public static Enrollment ActiveIn(LiveStream stream)
    {
        var enrollment = PendingIn(stream);
        enrollment.Activate(stream.IsFree ? null : LedgerTransactionId, TestClock.Now);
        return enrollment;
    }

    public static Enrollment RefundedIn(LiveStream stream)
    {
        var enrollment = ActiveIn(stream);
        enrollment.Refund(TestClock.Now.AddMinutes(5));
        return enrollment;
    }

    public static Enrollment FailedIn(LiveStream stream)
    {
        var enrollment = PendingIn(stream);
        enrollment.Fail("Insufficient balance.");
        return enrollment;
    }
}
