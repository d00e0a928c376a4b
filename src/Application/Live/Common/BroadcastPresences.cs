using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Common;

public static class BroadcastPresences
{
    /// <summary>
    /// Records a sign of life of the class's broadcaster (the first one creates the presence). Two
    /// at once (two tabs, a retry) meet on the row's key and version: the loser reads again.
    /// </summary>
    public static async Task<BroadcastPresence> RecordSeenAsync(
        this IApplicationDbContext db, Guid streamId, DateTimeOffset now, ClassClosingPolicy policy, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var presence = await db.BroadcastPresences.SingleOrDefaultAsync(p => p.StreamId == streamId, cancellationToken);
            if (presence is null) db.BroadcastPresences.Add(presence = BroadcastPresence.Start(streamId, now));
            else presence.Seen(now, policy.HeartbeatGap);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return presence;
            }
            catch (DbUpdateException) when (attempt < 4)
            {
                db.DiscardChanges();
            }
        }
    }

    /// <summary>When the class's broadcaster last gave a sign of life (null: never).</summary>
    public static Task<DateTimeOffset?> BroadcasterLastSeenAsync(this IApplicationDbContext db, Guid streamId, CancellationToken cancellationToken) =>
        db.BroadcastPresences.Where(p => p.StreamId == streamId).Select(p => (DateTimeOffset?)p.LastSeenAt).SingleOrDefaultAsync(cancellationToken);

    /// <summary>How long the class was broadcast in all (zero when it never was).</summary>
    public static async Task<TimeSpan> BroadcastTimeAsync(this IApplicationDbContext db, Guid streamId, CancellationToken cancellationToken) =>
        TimeSpan.FromSeconds(await db.BroadcastPresences.Where(p => p.StreamId == streamId).Select(p => p.BroadcastSeconds).SingleOrDefaultAsync(cancellationToken));
}
