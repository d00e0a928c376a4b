using Streaming.Domain.Common;

namespace Streaming.Domain.Chat;

/// <summary>A member flagged a message for the moderators (once per member and message).</summary>
public class ChatReport : BaseEntity
{
    private ChatReport()
    {
    }

    public ChatReport(ChatMessage message, string reporterId, DateTimeOffset now)
    {
        if (message.AuthorId == reporterId) throw new DomainException("You cannot report your own message.");
        MessageId = message.Id;
        StreamId = message.StreamId;
        ReporterId = reporterId;
        ReportedAt = now.ToUniversalTime();
    }

    public Guid MessageId { get; private set; }

    public Guid StreamId { get; private set; }

    public string ReporterId { get; private set; } = default!;

    public DateTimeOffset ReportedAt { get; private set; }
}
