using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Viewing;

namespace Streaming.Application.Live.Common;

public static class ViewerCounting
{
    /// <summary>Heartbeats come every ~15 s; a session silent for longer than this no longer counts as watching.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Counts the members watching the class live now and lets the stream keep its peak. The
    /// stream row is version-guarded: on a conflict (another viewer, the instructor) re-read and retry.
    /// </summary>
    public static async Task RecordPeakAsync(this IApplicationDbContext db, Guid streamId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var since = now - StaleAfter;
            var watching = await db.ViewerSessions
                .Where(v => v.StreamId == streamId && v.Mode == ViewingMode.Live && v.LeftAt == null && v.LastSeenAt >= since)
                .Select(v => v.MemberId).Distinct().CountAsync(cancellationToken);
            var stream = await db.Streams.SingleAsync(s => s.Id == streamId, cancellationToken);
            if (watching <= stream.PeakViewers) return;
            stream.RecordConcurrentViewers(watching);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.DiscardChanges();
            }
        }
    }

    /// <summary>The caller's own session in this class; anyone else's id gives 404.</summary>
    public static async Task<ViewerSession> FindOwnSessionAsync(this IApplicationDbContext db, ICurrentUser user, Guid streamId, Guid sessionId, CancellationToken cancellationToken)
    {
        var userId = user.Id ?? throw new ForbiddenAccessException("Log in first.");
        return await db.ViewerSessions.SingleOrDefaultAsync(v => v.Id == sessionId && v.StreamId == streamId && v.MemberId == userId, cancellationToken)
               ?? throw new NotFoundException(nameof(ViewerSession), sessionId);
    }
}
