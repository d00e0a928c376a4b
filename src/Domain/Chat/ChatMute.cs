using Streaming.Domain.Common;

namespace Streaming.Domain.Chat;

/// <summary>A member a moderator silenced for the rest of the class (they still read the chat).</summary>
public class ChatMute
{
    private ChatMute()
    {
    }

    public ChatMute(Guid streamId, string memberId, string mutedById, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(memberId)) throw new DomainException("Say whom to mute.");
        if (memberId == mutedById) throw new DomainException("You cannot mute yourself.");
        StreamId = streamId;
        MemberId = memberId;
        MutedById = mutedById;
        MutedAt = now.ToUniversalTime();
    }

    public Guid StreamId { get; private set; }

    public string MemberId { get; private set; } = default!;

    public string MutedById { get; private set; } = default!;

    public DateTimeOffset MutedAt { get; private set; }
}
