using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;

namespace Streaming.Application.Chat.Common;

/// <summary>
/// Who may use a class's chat: its instructor and members with an active enrollment read and
/// write; the instructor and super admins moderate (a super admin reads to moderate, and writes
/// only if enrolled). Everyone else gets 403; an unknown class 404.
/// </summary>
public static class ChatAccess
{
    public static async Task<Chatter> FindChatterAsync(this IApplicationDbContext db, ICurrentUser user, Guid streamId, CancellationToken cancellationToken)
    {
        var userId = user.Id ?? throw new ForbiddenAccessException("Log in to use the chat.");
        var stream = await db.Streams.AsNoTracking().Where(s => s.Id == streamId)
                         .Select(s => new { s.Title, s.InstructorId, s.Status }).SingleOrDefaultAsync(cancellationToken)
                     ?? throw new NotFoundException(nameof(LiveStream), streamId);
        var isInstructor = stream.InstructorId == userId;
        var isEnrolled = !isInstructor && await db.Enrollments.AnyAsync(
            e => e.StreamId == streamId && e.MemberId == userId && e.Status == EnrollmentStatus.Active, cancellationToken);
        var chatter = new Chatter(streamId, stream.Title, stream.Status, stream.InstructorId, userId, isInstructor, isEnrolled, user.IsInRole(Roles.SuperAdmin));
        if (!chatter.CanRead) throw new ForbiddenAccessException("Only members enrolled in this class can use its chat.");
        return chatter;
    }

    public static async Task<Chatter> FindModeratorAsync(this IApplicationDbContext db, ICurrentUser user, Guid streamId, CancellationToken cancellationToken)
    {
        var chatter = await db.FindChatterAsync(user, streamId, cancellationToken);
        if (!chatter.CanModerate) throw new ForbiddenAccessException("Only the class's instructor and administrators moderate its chat.");
        return chatter;
    }

    public sealed record Chatter(Guid StreamId, string Title, StreamStatus Status, string InstructorId, string UserId, bool IsInstructor, bool IsEnrolled, bool IsSuperAdmin)
    {
        public bool CanRead => IsInstructor || IsEnrolled || IsSuperAdmin;

        public bool CanWrite => IsInstructor || IsEnrolled;

        public bool CanModerate => IsInstructor || IsSuperAdmin;
    }
}
