using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Chat.Common;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Chat;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Chat.Commands.DeleteChatMessage;

/// <summary>A moderator removes a message: hidden from everyone, kept on record as deleted.</summary>
[Authorize(Policy = Policies.StreamAttendee)]
public sealed record DeleteChatMessageCommand(Guid StreamId, Guid MessageId) : IRequest<Guid>;

public class DeleteChatMessageHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<DeleteChatMessageCommand, Guid>
{
    public async Task<Guid> Handle(DeleteChatMessageCommand request, CancellationToken cancellationToken)
    {
        var moderator = await db.FindModeratorAsync(currentUser, request.StreamId, cancellationToken);
        // A message of another class is unknown here, whoever asks.
        var message = await db.ChatMessages.SingleOrDefaultAsync(m => m.Id == request.MessageId && m.StreamId == moderator.StreamId, cancellationToken)
                      ?? throw new NotFoundException(nameof(ChatMessage), request.MessageId);
        message.Delete(moderator.UserId, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return message.Id;
    }
}
