using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Common;

public static class ClassEnding
{
    /// <summary>
    /// Ends the live class (locked by the caller): the replay expiry and catalog date are set, the
    /// class is judged on how long it was really broadcast (too briefly: it did not take place and
    /// its paid seats are refunded), and every viewing session still open is closed (by the
    /// <see cref="StreamEnded"/> handler, in the same save).
    /// </summary>
    public static async Task EndClassAsync(
        this IApplicationDbContext db, LiveStream stream, DateTimeOffset now, RetentionPolicy retention, ClassClosingPolicy policy, CancellationToken cancellationToken)
    {
        stream.End(now, retention);
        var presence = await db.BroadcastPresences.AsNoTracking().SingleOrDefaultAsync(p => p.StreamId == stream.Id, cancellationToken);
        stream.JudgeTookPlace(presence?.BroadcastUntil(now, policy.HeartbeatGap) ?? TimeSpan.Zero, policy);
        // Ending raised StreamEnded: its handler closes the open viewing sessions in this save.
        await db.SaveChangesAsync(cancellationToken);
    }
}
