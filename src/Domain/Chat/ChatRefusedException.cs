using Streaming.Domain.Common;

namespace Streaming.Domain.Chat;

public enum ChatRefusal
{
    Empty,
    TooLong,
    NotOpenYet,
    Ended,
    Cancelled,
    Muted,
    RateLimited,
    SlowMode,
}

/// <summary>A chat message was not accepted; the message says why (and for how long, when waiting helps).</summary>
public class ChatRefusedException(ChatRefusal reason, string message, TimeSpan? retryAfter = null) : DomainException(message)
{
    public ChatRefusal Reason { get; } = reason;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
