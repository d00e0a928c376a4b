using Streaming.Domain.Common;
using Streaming.Domain.Streams;

namespace Streaming.Domain.Chat;

/// <summary>
/// The chat settings of one class and the rules for sending into it: open while the class is
/// live, read-only after; a per-person rate limit; slow mode (one message per N seconds each,
/// moderators excepted); muted members cannot send.
/// </summary>
public class ChatRoom
{
    /// <summary>At most this many messages per person in <see cref="RateWindow"/>.</summary>
    public const int RateLimit = 5;

    public const int MaxSlowModeSeconds = 300;

    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    private ChatRoom()
    {
    }

    public ChatRoom(Guid streamId) => StreamId = streamId;

    public Guid StreamId { get; private set; }

    /// <summary>0 is off; otherwise each member may send one message per this many seconds.</summary>
    public int SlowModeSeconds { get; private set; }

    /// <summary>How far back <see cref="EnsureCanSend"/> needs the sender's previous messages.</summary>
    public TimeSpan Lookback => TimeSpan.FromSeconds(Math.Max(RateWindow.TotalSeconds, SlowModeSeconds));

    public void SetSlowMode(int seconds)
    {
        if (seconds is < 0 or > MaxSlowModeSeconds)
            throw new DomainException($"Slow mode is between 0 (off) and {MaxSlowModeSeconds} seconds.");
        SlowModeSeconds = seconds;
    }

    /// <summary>
    /// Throws <see cref="ChatRefusedException"/> when the sender may not post now.
    /// <paramref name="recentSends"/> are the sender's messages within <see cref="Lookback"/>.
    /// </summary>
    public void EnsureCanSend(StreamStatus status, bool isMuted, bool isModerator, IReadOnlyCollection<DateTimeOffset> recentSends, DateTimeOffset now)
    {
        switch (status)
        {
            case StreamStatus.Scheduled: throw new ChatRefusedException(ChatRefusal.NotOpenYet, "The chat opens when the class goes live.");
            case StreamStatus.Ended: throw new ChatRefusedException(ChatRefusal.Ended, "The class has ended: the chat is read-only.");
            case StreamStatus.Cancelled: throw new ChatRefusedException(ChatRefusal.Cancelled, "This class was cancelled.");
        }

        if (isMuted) throw new ChatRefusedException(ChatRefusal.Muted, "A moderator has muted you for the rest of this class.");

        var inWindow = recentSends.Where(t => t > now - RateWindow).OrderBy(t => t).ToList();
        if (inWindow.Count >= RateLimit)
        {
            var wait = Ceiling(inWindow[^RateLimit] + RateWindow - now);
            throw new ChatRefusedException(ChatRefusal.RateLimited,
                $"You are sending messages too fast ({RateLimit} per {RateWindow.TotalSeconds:0} seconds). Wait {wait.TotalSeconds:0} s.", wait);
        }

        if (SlowModeSeconds > 0 && !isModerator && recentSends.Count > 0)
        {
            var next = recentSends.Max() + TimeSpan.FromSeconds(SlowModeSeconds);
            if (next > now)
            {
                var wait = Ceiling(next - now);
                throw new ChatRefusedException(ChatRefusal.SlowMode,
                    $"Slow mode is on: one message every {SlowModeSeconds} s. Wait {wait.TotalSeconds:0} s.", wait);
            }
        }
    }

    private static TimeSpan Ceiling(TimeSpan wait) => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(wait.TotalSeconds)));
}
