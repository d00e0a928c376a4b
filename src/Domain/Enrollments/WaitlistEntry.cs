using Streaming.Domain.Common;
using Streaming.Domain.Streams;

namespace Streaming.Domain.Enrollments;

public enum WaitlistStatus
{
    /// <summary>In line for a seat.</summary>
    Waiting = 0,

    /// <summary>A seat was given (and paid, or its payment is being confirmed).</summary>
    Enrolled = 1,

    /// <summary>A seat came up but could not be paid (balance too low, payment refused); the next in line got it.</summary>
    Skipped = 2,

    /// <summary>The member left the line.</summary>
    Left = 3,

    /// <summary>The class started (or was cancelled) before a seat came up.</summary>
    Closed = 4,
}

/// <summary>
/// A member's place in the line for a full class. A freed seat goes to the first in line, who is
/// charged only then; a member who cannot pay is skipped with a notice. The member may leave the
/// line at any time while waiting.
/// </summary>
public class WaitlistEntry : BaseEntity
{
    public const int NoticeMaxLength = 500;

    private WaitlistEntry()
    {
    }

    public Guid StreamId { get; private set; }

    public LiveStream Stream { get; private set; } = default!;

    public string MemberId { get; private set; } = default!;

    public WaitlistStatus Status { get; private set; }

    public DateTimeOffset JoinedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The enrollment made when the seat was given.</summary>
    public Guid? EnrollmentId { get; private set; }

    /// <summary>What happened, for the member ("A seat freed up…", "You were skipped…").</summary>
    public string? Notice { get; private set; }

    public bool IsWaiting => Status == WaitlistStatus.Waiting;

    /// <summary>
    /// Puts <paramref name="memberId"/> in line for <paramref name="stream"/>: only a full class that
    /// has not started, and only once.
    /// </summary>
    public static WaitlistEntry Join(LiveStream stream, string memberId, bool memberHoldsSeat, bool alreadyWaiting, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (string.IsNullOrWhiteSpace(memberId)) throw new DomainException("Log in to join the waitlist.");
        if (memberId == stream.InstructorId) throw new DomainException("You teach this class.");
        if (memberHoldsSeat) throw new DomainException("You are already enrolled in this class.");
        if (alreadyWaiting) throw new DomainException("You are already on the waitlist of this class.");
        if (!TakesWaitlist(stream, now)) throw new DomainException("The waitlist closes when the class starts.");
        if (stream.SeatsLeft != 0) throw new DomainException("This class has seats left: enroll instead.");

        now = now.ToUniversalTime();
        return new WaitlistEntry { Stream = stream, StreamId = stream.Id, MemberId = memberId, Status = WaitlistStatus.Waiting, JoinedAt = now, UpdatedAt = now };
    }

    /// <summary>A class takes people in line, and gives freed seats to them, until it starts.</summary>
    public static bool TakesWaitlist(LiveStream stream, DateTimeOffset now) =>
        stream.Status == StreamStatus.Scheduled && now < stream.ScheduledStart;

    public void Leave(DateTimeOffset now)
    {
        if (!IsWaiting) throw new DomainException("You are no longer on the waitlist of this class.");
        Move(WaitlistStatus.Left, null, now);
    }

    /// <summary>The freed seat is this member's: the enrollment was opened for them and is being paid.</summary>
    public void GiveSeat(Guid enrollmentId, DateTimeOffset now)
    {
        if (!IsWaiting) throw new DomainException("Only a member still in line can be given a seat.");
        EnrollmentId = enrollmentId;
        Move(WaitlistStatus.Enrolled, "A seat freed up and it is yours: you are enrolled.", now);
    }

    /// <summary>Says how the payment for the given seat went.</summary>
    public void RecordPayment(string notice, DateTimeOffset now)
    {
        if (Status != WaitlistStatus.Enrolled) throw new DomainException("Only a member given a seat has a payment to record.");
        Move(WaitlistStatus.Enrolled, notice, now);
    }

    /// <summary>The seat could not be paid: the member is skipped (and told why); the seat goes to the next in line.</summary>
    public void Skip(string notice, DateTimeOffset now)
    {
        if (Status is not (WaitlistStatus.Waiting or WaitlistStatus.Enrolled)) throw new DomainException("Only a member in line or given a seat can be skipped.");
        Move(WaitlistStatus.Skipped, notice, now);
    }

    /// <summary>The line is over for this member without a seat (the class started, was cancelled, or they enrolled themselves).</summary>
    public void Close(string notice, DateTimeOffset now)
    {
        if (!IsWaiting) throw new DomainException("Only a member still in line can be taken out of it.");
        Move(WaitlistStatus.Closed, notice, now);
    }

    private void Move(WaitlistStatus status, string? notice, DateTimeOffset now)
    {
        Status = status;
        if (notice is not null) Notice = notice.Length <= NoticeMaxLength ? notice : notice[..NoticeMaxLength];
        UpdatedAt = now.ToUniversalTime();
    }
}
