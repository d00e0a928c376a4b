namespace Streaming.Application.Enrollments.Common;

public enum EnrollmentOutcome
{
    Enrolled,
    AlreadyEnrolled,
    InsufficientBalance,
    PaymentRejected,

    /// <summary>The ledger did not answer: nothing is confirmed; trying again is safe.</summary>
    PaymentUnconfirmed,
}

public sealed record EnrollmentResult(EnrollmentOutcome Outcome, Guid StreamId, int Price, int? Balance, string Message)
{
    public bool Succeeded => Outcome is EnrollmentOutcome.Enrolled or EnrollmentOutcome.AlreadyEnrolled;
}
