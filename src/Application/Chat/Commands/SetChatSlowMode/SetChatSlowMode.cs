using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Chat.Common;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Chat;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Chat.Commands.SetChatSlowMode;

/// <summary>A moderator turns slow mode on (one message per N seconds for each member) or off (0).</summary>
[Authorize(Policy = Policies.StreamAttendee)]
public sealed record SetChatSlowModeCommand(Guid StreamId, int Seconds) : IRequest<int>;

public class SetChatSlowModeHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IRequestHandler<SetChatSlowModeCommand, int>
{
    public async Task<int> Handle(SetChatSlowModeCommand request, CancellationToken cancellationToken)
    {
        var moderator = await db.FindModeratorAsync(currentUser, request.StreamId, cancellationToken);
        var room = await db.ChatRooms.SingleOrDefaultAsync(r => r.StreamId == moderator.StreamId, cancellationToken);
        if (room is null)
        {
            room = new ChatRoom(moderator.StreamId);
            db.ChatRooms.Add(room);
        }

        room.SetSlowMode(request.Seconds);
        await db.SaveChangesAsync(cancellationToken);
        return room.SlowModeSeconds;
    }
}
