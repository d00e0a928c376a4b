namespace Streaming.Domain.Streams;

/// <summary>
/// When a class is over without anybody ending it, and when it counts as not having taken place.
/// Bound from the <c>Classes</c> configuration section.
/// </summary>
public sealed record ClassClosingPolicy
{
    public static readonly ClassClosingPolicy Default = new();

    /// <summary>A live class whose broadcaster has been silent this long is ended; it takes no enrollments meanwhile.</summary>
    public TimeSpan BroadcasterAbsenceLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after its scheduled end a class may still run (or start) before it is closed.</summary>
    public TimeSpan EndGrace { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A class broadcast for less than this share of its duration did not take place: paid seats are refunded.</summary>
    public double MinimumBroadcastShare { get; init; } = 0.5;

    /// <summary>The longest silence between two signs of life from the broadcaster that still counts as broadcasting.</summary>
    public TimeSpan HeartbeatGap { get; init; } = TimeSpan.FromSeconds(90);
}

/// <summary>What closing an overdue class does to it.</summary>
public enum ClassClosing
{
    /// <summary>Not overdue: leave it.</summary>
    None,

    /// <summary>Live, but its broadcaster is gone or its time is over: end it.</summary>
    End,

    /// <summary>Never went live and its time is over: it did not take place.</summary>
    NotHeld,
}
