using Streaming.Domain.Common;

namespace Streaming.Domain.Live;

/// <summary>
/// The instructor's broadcast of one class as the app saw it: when the broadcast page last gave a
/// sign of life (it reports every ~15 s while it sends video) and how long it broadcast in all.
/// Kept apart from the class row so heartbeats never collide with edits of the class.
/// </summary>
public class BroadcastPresence
{
    private BroadcastPresence()
    {
    }

    public Guid StreamId { get; private set; }

    public DateTimeOffset FirstSeenAt { get; private set; }

    public DateTimeOffset LastSeenAt { get; private set; }

    /// <summary>Time between signs of life no further apart than the heartbeat gap: the broadcast's real length.</summary>
    public double BroadcastSeconds { get; private set; }

    public TimeSpan Broadcast => TimeSpan.FromSeconds(BroadcastSeconds);

    /// <summary>The broadcast time if it ends at <paramref name="now"/>: the last stretch counts when it is within the gap.</summary>
    public TimeSpan BroadcastUntil(DateTimeOffset now, TimeSpan heartbeatGap)
    {
        var since = now - LastSeenAt;
        return since > TimeSpan.Zero && since <= heartbeatGap ? Broadcast + since : Broadcast;
    }

    public static BroadcastPresence Start(Guid streamId, DateTimeOffset now)
    {
        if (streamId == Guid.Empty) throw new DomainException("A broadcast belongs to a class.");
        now = now.ToUniversalTime();
        return new BroadcastPresence { StreamId = streamId, FirstSeenAt = now, LastSeenAt = now };
    }

    /// <summary>
    /// A sign of life at <paramref name="now"/>. The time since the previous one counts as broadcast
    /// when it is at most <paramref name="heartbeatGap"/>; a longer silence was an interruption.
    /// </summary>
    public void Seen(DateTimeOffset now, TimeSpan heartbeatGap)
    {
        now = now.ToUniversalTime();
        if (now <= LastSeenAt) return; // a late or repeated report adds nothing
        var since = now - LastSeenAt;
        if (since <= heartbeatGap) BroadcastSeconds += since.TotalSeconds;
        LastSeenAt = now;
    }
}
