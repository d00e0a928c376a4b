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
    /// Counts the members watching the class live now and lets the stream keep its peak. The class
    /// row is locked while it is counted, so viewers joining at once queue instead of conflicting.
    /// </summary>
    public static async Task RecordPeakAsync(this IApplicationDbContext db, Guid streamId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var watching = await db.CountWatchingAsync(streamId, now, cancellationToken);
        if (watching <= await db.Streams.Where(s => s.Id == streamId).Select(s => s.PeakViewers).SingleAsync(cancellationToken)) return;

        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var stream = await db.FindStreamForUpdateAsync(streamId, cancellationToken)
            ?? throw new NotFoundException(nameof(Domain.Streams.LiveStream), streamId);
        await db.RaisePeakAsync(stream, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Lets the class (locked by the caller) keep the number watching now if it is a new peak.</summary>
    public static async Task RaisePeakAsync(this IApplicationDbContext db, Domain.Streams.LiveStream stream, DateTimeOffset now, CancellationToken cancellationToken)
    {
        stream.RecordConcurrentViewers(await db.CountWatchingAsync(stream.Id, now, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Members (each once) with an open live session heard from within <see cref="StaleAfter"/>.</summary>
    public static Task<int> CountWatchingAsync(this IApplicationDbContext db, Guid streamId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - StaleAfter;
        return db.ViewerSessions
            .Where(v => v.StreamId == streamId && v.Mode == ViewingMode.Live && v.LeftAt == null && v.LastSeenAt >= since)
            .Select(v => v.MemberId).Distinct().CountAsync(cancellationToken);
    }

    /// <summary>The caller's own session in this class; anyone else's id gives 404.</summary>
    public static async Task<ViewerSession> FindOwnSessionAsync(this IApplicationDbContext db, ICurrentUser user, Guid streamId, Guid sessionId, CancellationToken cancellationToken)
    {
        var userId = user.Id ?? throw new ForbiddenAccessException("Log in first.");
        return await db.ViewerSessions.SingleOrDefaultAsync(v => v.Id == sessionId && v.StreamId == streamId && v.MemberId == userId, cancellationToken)
               ?? throw new NotFoundException(nameof(ViewerSession), sessionId);
    }
}
