namespace Streaming.Domain.Enrollments;

public enum EnrollmentStatus
{
    /// <summary>Created, payment not confirmed yet.</summary>
    Pending = 0,
    Active = 1,
    Refunded = 2,
    /// <summary>Payment failed; the member was not charged.</summary>
    Failed = 3,
}
