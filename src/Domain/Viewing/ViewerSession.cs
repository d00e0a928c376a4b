using Streaming.Domain.Common;

namespace Streaming.Domain.Viewing;

public enum ViewingMode
{
    Live = 0,
    Replay = 1,
}

/// <summary>
/// One member watching one class, live or as a replay: joined, kept alive by heartbeats
/// (every ~15 s), left. A session whose heartbeats stop counts as ended at its last heartbeat.
/// </summary>
public class ViewerSession : BaseEntity
{
    private ViewerSession()
    {
    }

    public ViewerSession(Guid streamId, string memberId, ViewingMode mode, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(memberId)) throw new DomainException("A viewer session needs a member.");
        StreamId = streamId;
        MemberId = memberId;
        Mode = mode;
        JoinedAt = LastSeenAt = now.ToUniversalTime();
    }

    public Guid StreamId { get; private set; }

    public string MemberId { get; private set; } = default!;

    public ViewingMode Mode { get; private set; }

    public DateTimeOffset JoinedAt { get; private set; }

    public DateTimeOffset LastSeenAt { get; private set; }

    public DateTimeOffset? LeftAt { get; private set; }

    public bool IsOpen => LeftAt is null;

    public TimeSpan WatchTime => (LeftAt ?? LastSeenAt) - JoinedAt;

    public void Heartbeat(DateTimeOffset now)
    {
        if (!IsOpen) throw new DomainException("This viewing session has ended.");
        now = now.ToUniversalTime();
        if (now > LastSeenAt) LastSeenAt = now;
    }

    public void Leave(DateTimeOffset now)
    {
        if (!IsOpen) return;
        now = now.ToUniversalTime();
        LeftAt = now < LastSeenAt ? LastSeenAt : now;
    }
}
