using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;

namespace Streaming.Application.Streams.Common;

public static class StreamAccess
{
    /// <summary>
    /// The stream if the caller owns it (or is a super admin). Anyone else gets the same 404 as
    /// for an id that does not exist, so ids cannot be probed.
    /// </summary>
    public static Task<LiveStream> FindOwnedAsync(this IApplicationDbContext db, ICurrentUser user, Guid streamId, CancellationToken cancellationToken) =>
        FindAsync(db, user, streamId, allowSuperAdmin: true, cancellationToken);

    /// <summary>
    /// The stream if the caller is its own instructor — not even a super admin: broadcasting
    /// (the camera, the secret WHIP URL, the recording) belongs to the instructor alone.
    /// </summary>
    public static Task<LiveStream> FindOwnStreamToBroadcastAsync(this IApplicationDbContext db, ICurrentUser user, Guid streamId, CancellationToken cancellationToken) =>
        FindAsync(db, user, streamId, allowSuperAdmin: false, cancellationToken);

    private static async Task<LiveStream> FindAsync(IApplicationDbContext db, ICurrentUser user, Guid streamId, bool allowSuperAdmin, CancellationToken cancellationToken)
    {
        var userId = user.Id ?? throw new ForbiddenAccessException("Log in first.");
        var stream = await db.Streams.SingleOrDefaultAsync(s => s.Id == streamId, cancellationToken);
        if (stream is null || (stream.InstructorId != userId && !(allowSuperAdmin && user.IsInRole(Roles.SuperAdmin))))
            throw new NotFoundException(nameof(LiveStream), streamId);
        return stream;
    }
}
