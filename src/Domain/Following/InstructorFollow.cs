using Streaming.Domain.Common;

namespace Streaming.Domain.Following;

/// <summary>A member follows an instructor: they hear about the instructor's new classes.</summary>
public class InstructorFollow
{
    private InstructorFollow()
    {
    }

    public InstructorFollow(string memberId, string instructorId, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(memberId)) throw new DomainException("Log in to follow an instructor.");
        if (string.IsNullOrWhiteSpace(instructorId)) throw new DomainException("Choose an instructor to follow.");
        if (memberId == instructorId) throw new DomainException("You cannot follow yourself.");
        MemberId = memberId;
        InstructorId = instructorId;
        CreatedAt = now.ToUniversalTime();
    }

    public string MemberId { get; private set; } = default!;

    public string InstructorId { get; private set; } = default!;

    public DateTimeOffset CreatedAt { get; private set; }
}
