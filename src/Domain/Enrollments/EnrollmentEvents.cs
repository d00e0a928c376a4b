using Streaming.Domain.Common;

namespace Streaming.Domain.Enrollments;

/// <summary>
/// A seat (or replay) was paid for, or taken in a free class: the member gets a receipt.
/// <paramref name="BalanceAfter"/> is the ledger's balance after the payment, when it said.
/// </summary>
public sealed record EnrollmentActivated(Enrollment Enrollment, int? BalanceAfter) : IDomainEvent;

/// <summary>The member cancelled their own enrollment and got the tokens back.</summary>
public sealed record EnrollmentCancelled(Enrollment Enrollment) : IDomainEvent;
