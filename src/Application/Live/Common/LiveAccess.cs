using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Common;

/// <summary>Who may watch a class: its instructor and members with an active enrollment.</summary>
public static class LiveAccess
{
    /// <summary>
    /// The class and the caller's relation to it. Unknown ids give 404; a signed-in stranger is
    /// told so by <see cref="Viewer.IsAllowed"/> (the page sends them to enroll).
    /// </summary>
    public static async Task<Viewer> FindViewerAsync(this IApplicationDbContext db, ICurrentUser user, Guid streamId, CancellationToken cancellationToken)
    {
        var userId = user.Id ?? throw new ForbiddenAccessException("Log in first.");
        var stream = await db.Streams.SingleOrDefaultAsync(s => s.Id == streamId, cancellationToken)
                     ?? throw new NotFoundException(nameof(LiveStream), streamId);
        var enrollment = stream.InstructorId == userId
            ? null
            : await db.Enrollments.Include(e => e.Stream)
                .Where(e => e.StreamId == streamId && e.MemberId == userId && e.Status == EnrollmentStatus.Active)
                .SingleOrDefaultAsync(cancellationToken);
        return new Viewer(stream, userId, stream.InstructorId == userId, enrollment);
    }

    /// <summary>Like <see cref="FindViewerAsync"/>, but anyone not allowed gets 403.</summary>
    public static async Task<Viewer> FindAllowedViewerAsync(this IApplicationDbContext db, ICurrentUser user, Guid streamId, CancellationToken cancellationToken)
    {
        var viewer = await db.FindViewerAsync(user, streamId, cancellationToken);
        if (!viewer.IsAllowed) throw new ForbiddenAccessException("Only members enrolled in this class can watch it.");
        return viewer;
    }

    public sealed record Viewer(LiveStream Stream, string UserId, bool IsInstructor, Enrollment? Enrollment)
    {
        public bool IsAllowed => IsInstructor || Enrollment is not null;

        public bool CanWatchLive(DateTimeOffset now) =>
            Stream.Status == StreamStatus.Live && (IsInstructor || Enrollment!.CanWatchLive(now));
    }
}
