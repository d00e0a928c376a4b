using Streaming.Domain.Common;

namespace Streaming.Domain.Chat;

/// <summary>
/// One message in a class's chat. A moderator's delete hides it from everyone but keeps the row
/// (who wrote what, and who removed it, stays on record).
/// </summary>
public class ChatMessage : BaseEntity
{
    public const int MaxLength = 500;

    private ChatMessage()
    {
    }

    /// <summary>Order of arrival in the whole chat (given by the database): history pages by it.</summary>
    public long Number { get; private set; }

    public Guid StreamId { get; private set; }

    public string AuthorId { get; private set; } = default!;

    public string Text { get; private set; } = default!;

    public DateTimeOffset SentAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public string? DeletedById { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>A new message, its text cleaned (<see cref="ChatText"/>); empty or too long is refused.</summary>
    public static ChatMessage Write(Guid streamId, string authorId, string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(authorId)) throw new DomainException("A chat message needs an author.");
        var clean = ChatText.Clean(text);
        if (clean.Length == 0) throw new ChatRefusedException(ChatRefusal.Empty, "Type a message first.");
        if (clean.Length > MaxLength)
            throw new ChatRefusedException(ChatRefusal.TooLong, $"A message can be at most {MaxLength} characters (this one has {clean.Length}).");
        return new ChatMessage { StreamId = streamId, AuthorId = authorId, Text = clean, SentAt = now.ToUniversalTime() };
    }

    /// <summary>Hides the message; deleting it again changes nothing.</summary>
    public void Delete(string moderatorId, DateTimeOffset now)
    {
        if (IsDeleted) return;
        DeletedAt = now.ToUniversalTime();
        DeletedById = moderatorId;
    }
}
