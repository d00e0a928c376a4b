using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Chat.Common;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Telemetry;
using Streaming.Domain.Chat;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Chat.Commands.SendChatMessage;

/// <summary>
/// Posts a message into a class's chat. Refusals (<see cref="ChatRefusedException"/>) say why:
/// empty, too long, chat not open or read-only, muted, too fast, slow mode.
/// </summary>
[Authorize(Policy = Policies.StreamAttendee)]
public sealed record SendChatMessageCommand(Guid StreamId, string? Text) : IRequest<ChatMessageDto>;

public class SendChatMessageHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock, StreamingMetrics metrics)
    : IRequestHandler<SendChatMessageCommand, ChatMessageDto>
{
    public async Task<ChatMessageDto> Handle(SendChatMessageCommand request, CancellationToken cancellationToken)
    {
        var chatter = await db.FindChatterAsync(currentUser, request.StreamId, cancellationToken);
        if (!chatter.CanWrite) throw new ForbiddenAccessException("Only the instructor and members enrolled in this class write in its chat.");
        var now = clock.GetUtcNow();
        var message = ChatMessage.Write(chatter.StreamId, chatter.UserId, request.Text, now);

        var room = await db.ChatRooms.AsNoTracking().SingleOrDefaultAsync(r => r.StreamId == chatter.StreamId, cancellationToken)
                   ?? new ChatRoom(chatter.StreamId);
        var muted = await db.ChatMutes.AnyAsync(m => m.StreamId == chatter.StreamId && m.MemberId == chatter.UserId, cancellationToken);
        var since = now - room.Lookback;
        var recent = await db.ChatMessages
            .Where(m => m.StreamId == chatter.StreamId && m.AuthorId == chatter.UserId && m.SentAt > since)
            .Select(m => m.SentAt).ToListAsync(cancellationToken);
        room.EnsureCanSend(chatter.Status, muted, chatter.CanModerate, recent, now);

        db.ChatMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        metrics.ChatMessageSent();
        var name = await db.Profiles.Where(p => p.Id == chatter.UserId).Select(p => p.DisplayName).SingleAsync(cancellationToken);
        return new ChatMessageDto(message.Id, message.Number, message.AuthorId, name, chatter.IsInstructor, message.Text, message.SentAt);
    }
}
