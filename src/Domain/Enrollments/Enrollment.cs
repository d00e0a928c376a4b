using Streaming.Domain.Common;
using Streaming.Domain.Streams;

namespace Streaming.Domain.Enrollments;

/// <summary>
/// A member's seat in a class. Starts Pending while the payment runs, becomes Active when paid
/// (or straight away for a free class), Failed when the payment did not go through, and
/// Refunded when the tokens went back.
/// </summary>
public class Enrollment : BaseEntity
{
    private Enrollment()
    {
    }

    public Guid StreamId { get; private set; }

    public LiveStream Stream { get; private set; } = default!;

    public string MemberId { get; private set; } = default!;

    public EnrollmentStatus Status { get; private set; }

    public EnrollmentKind Kind { get; private set; }

    public int TokensPaid { get; private set; }

    /// <summary>The ledger's id for the payment (null for a free class).</summary>
    public string? LedgerTransactionId { get; private set; }

    public string? FailureReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ActivatedAt { get; private set; }

    public DateTimeOffset? RefundedAt { get; private set; }

    public bool IsActive => Status == EnrollmentStatus.Active;

    public bool HoldsSeat => Status is EnrollmentStatus.Pending or EnrollmentStatus.Active;

    /// <summary>The ledger idempotency key for this enrollment's payment: retries never pay twice.</summary>
    public string PaymentKey => $"enroll:{Id}";

    /// <summary>The ledger idempotency key for this enrollment's refund.</summary>
    public string RefundKey => $"refund:{Id}";

    /// <summary>
    /// Opens an enrollment for <paramref name="memberId"/> and takes a seat in the class.
    /// <paramref name="memberHoldsSeat"/> says whether this member already holds one.
    /// </summary>
    public static Enrollment Open(LiveStream stream, string memberId, bool memberHoldsSeat, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (string.IsNullOrWhiteSpace(memberId)) throw new DomainException("Only signed-in members can enroll.");
        if (memberHoldsSeat) throw new DomainException("You are already enrolled in this class.");
        if (memberId == stream.InstructorId) throw new DomainException("You teach this class; instructors do not enroll in their own classes.");
        stream.ReserveSeat(now);

        return new Enrollment
        {
            Stream = stream,
            StreamId = stream.Id,
            MemberId = memberId,
            Status = EnrollmentStatus.Pending,
            TokensPaid = stream.PriceInTokens,
            CreatedAt = now.ToUniversalTime(),
        };
    }

    /// <summary>Why a seat whose payment landed after its class was cancelled failed (its tokens go straight back).</summary>
    public const string ClassCancelledReason = "The class was cancelled before the payment was confirmed.";

    /// <summary>
    /// The payment went through (or the class is free). The seat becomes Active — unless the class
    /// was cancelled meanwhile: then it fails, and a paid seat's tokens must go back
    /// (<see cref="RecordReturnedPayment"/>). Call it with the class row locked, so the
    /// cancellation is either fully before (this fails) or fully after (it refunds the Active seat).
    /// </summary>
    /// <remarks>
    /// Activating raises <see cref="EnrollmentActivated"/> (the receipt); <paramref name="balanceAfter"/>
    /// is the ledger's balance after the payment, when it said.
    /// </remarks>
    public void ConfirmPayment(string? ledgerTransactionId, DateTimeOffset now, int? balanceAfter = null)
    {
        if (Stream.Status == StreamStatus.Cancelled)
        {
            Fail(ClassCancelledReason);
            return;
        }

        Activate(ledgerTransactionId, now);
        AddDomainEvent(new EnrollmentActivated(this, balanceAfter));
    }

    public bool FailedBecauseClassWasCancelled => Status != EnrollmentStatus.Active && FailureReason == ClassCancelledReason;

    /// <summary>
    /// Opens a replay-only purchase of an ended class for <paramref name="memberId"/>: no seat, the
    /// class's replay price, and only while its replay can be watched (<paramref name="replayAvailable"/>:
    /// the recording is ready).
    /// </summary>
    public static Enrollment OpenReplayOnly(LiveStream stream, string memberId, bool memberHoldsSeat, bool replayAvailable, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (string.IsNullOrWhiteSpace(memberId)) throw new DomainException("Only signed-in members can buy a replay.");
        if (memberHoldsSeat) throw new DomainException("You already have access to this class.");
        if (memberId == stream.InstructorId) throw new DomainException("You teach this class; its replay is yours already.");
        if (stream.WhyReplayNotForSale(now, replayAvailable) is { } reason) throw new DomainException(reason);

        return new Enrollment
        {
            Stream = stream,
            StreamId = stream.Id,
            MemberId = memberId,
            Status = EnrollmentStatus.Pending,
            Kind = EnrollmentKind.ReplayOnly,
            TokensPaid = stream.ReplayPrice,
            CreatedAt = now.ToUniversalTime(),
        };
    }

    public void Activate(string? ledgerTransactionId, DateTimeOffset now)
    {
        if (Status != EnrollmentStatus.Pending)
            throw new DomainException($"Only a pending enrollment can be activated (this one is {Describe()}).");
        if (TokensPaid > 0 && string.IsNullOrWhiteSpace(ledgerTransactionId))
            throw new DomainException("A paid enrollment needs the ledger transaction.");
        Status = EnrollmentStatus.Active;
        LedgerTransactionId = ledgerTransactionId;
        ActivatedAt = now.ToUniversalTime();
    }

    public void Fail(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("Say why the enrollment failed.");
        if (Status != EnrollmentStatus.Pending)
            throw new DomainException($"Only a pending enrollment can fail (this one is {Describe()}).");
        Status = EnrollmentStatus.Failed;
        FailureReason = reason;
        if (Kind == EnrollmentKind.Class) Stream.ReleaseSeat();
    }

    public void Refund(DateTimeOffset now)
    {
        if (Status != EnrollmentStatus.Active)
            throw new DomainException($"Only an active enrollment can be refunded (this one is {Describe()}).");
        Status = EnrollmentStatus.Refunded;
        RefundedAt = now.ToUniversalTime();
        if (Kind == EnrollmentKind.Class) Stream.ReleaseSeat();
    }

    /// <summary>The member cancelled this active enrollment and its tokens went back (raises <see cref="EnrollmentCancelled"/>).</summary>
    public void CancelByMember(DateTimeOffset now)
    {
        Refund(now);
        AddDomainEvent(new EnrollmentCancelled(this));
    }

    /// <summary>
    /// A charge that reached the ledger after this seat had already failed was given back:
    /// Failed → Refunded. The seat was released when it failed, so nothing else changes.
    /// </summary>
    public void RecordReturnedPayment(string? ledgerTransactionId, DateTimeOffset now)
    {
        if (Status != EnrollmentStatus.Failed)
            throw new DomainException($"Only a failed enrollment can have a late payment returned (this one is {Describe()}).");
        Status = EnrollmentStatus.Refunded;
        LedgerTransactionId = ledgerTransactionId;
        RefundedAt = now.ToUniversalTime();
    }

    /// <summary>
    /// A member may cancel (with a full refund) an active enrollment until <paramref name="window"/>
    /// before the class starts, and never once it is live or over.
    /// </summary>
    public void EnsureMemberCanCancel(DateTimeOffset now, TimeSpan window)
    {
        if (WhyMemberCannotCancel(now, window) is { } reason) throw new DomainException(reason);
    }

    /// <summary>Null when the member may cancel now; otherwise the reason, for the page.</summary>
    public string? WhyMemberCannotCancel(DateTimeOffset now, TimeSpan window)
    {
        if (Status != EnrollmentStatus.Active) return "Only an active enrollment can be cancelled.";
        if (Stream.Status != StreamStatus.Scheduled)
            return $"The class is {Stream.Status.ToString().ToLowerInvariant()}; the enrollment can no longer be cancelled.";
        var deadline = Stream.CancellationDeadline(window);
        return now > deadline
            ? $"Enrollments can be cancelled until {window.TotalHours:0.#} hours before the class starts ({deadline.UtcDateTime:ddd d MMM HH:mm} UTC)."
            : null;
    }

    /// <summary>Live access: an active enrollment in a class that is live now.</summary>
    public bool CanWatchLive(DateTimeOffset now) =>
        IsActive && Stream.Status == StreamStatus.Live && now >= Stream.StartedAt;

    /// <summary>Replay access: an active enrollment in an ended class until its recording expires.</summary>
    public bool CanWatchReplay(DateTimeOffset now) =>
        IsActive
        && Stream.Status == StreamStatus.Ended
        && Stream.RecordingExpiresAt is { } expiresAt
        && now < expiresAt;

    private string Describe() => Status.ToString().ToLowerInvariant();
}
