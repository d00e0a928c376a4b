namespace Streaming.Domain.Notifications;

/// <summary>
/// How an email that could not be delivered is retried: after <see cref="FirstDelay"/>, doubling each
/// time up to <see cref="MaxDelay"/>, <see cref="MaxAttempts"/> tries in all before it is marked failed.
/// </summary>
public sealed record OutboxRetryPolicy
{
    public static readonly OutboxRetryPolicy Default = new();

    public int MaxAttempts { get; init; } = 8;

    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The wait after the <paramref name="attempts"/>-th failed try.</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstDelay.Ticks * factor, MaxDelay.Ticks));
        return delay < FirstDelay ? FirstDelay : delay;
    }
}
