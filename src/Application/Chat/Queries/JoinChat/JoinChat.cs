using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Chat.Common;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Chat.Queries.JoinChat;

/// <summary>What the chat panel needs when it opens: the caller's rights, the room's state and the latest messages.</summary>
[Authorize(Policy = Policies.StreamAttendee)]
public sealed record JoinChatQuery(Guid StreamId) : IRequest<ChatRoomDto>;

/// <summary>Written by name in JSON (the web layer's <c>WebJson</c>): the chat script compares names.</summary>
public enum ChatState
{
    /// <summary>Before the class goes live: the panel says when it opens.</summary>
    NotOpenYet,

    Open,

    /// <summary>The class has ended (or was cancelled): history only.</summary>
    ReadOnly,
}

public sealed record ChatRoomDto(
    Guid StreamId,
    string Title,
    string UserId,
    ChatState State,
    bool CanWrite,
    bool CanModerate,
    bool IsMuted,
    int SlowModeSeconds,
    IReadOnlyList<ChatMessageDto> Messages,
    bool HasMore);

public class JoinChatHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IRequestHandler<JoinChatQuery, ChatRoomDto>
{
    public async Task<ChatRoomDto> Handle(JoinChatQuery request, CancellationToken cancellationToken)
    {
        var chatter = await db.FindChatterAsync(currentUser, request.StreamId, cancellationToken);
        var slowMode = await db.ChatRooms.Where(r => r.StreamId == chatter.StreamId).Select(r => (int?)r.SlowModeSeconds).SingleOrDefaultAsync(cancellationToken) ?? 0;
        var muted = await db.ChatMutes.AnyAsync(m => m.StreamId == chatter.StreamId && m.MemberId == chatter.UserId, cancellationToken);
        var page = await db.PageAsync(chatter.StreamId, chatter.InstructorId, null, cancellationToken);
        return new ChatRoomDto(chatter.StreamId, chatter.Title, chatter.UserId, StateOf(chatter.Status), chatter.CanWrite, chatter.CanModerate, muted, slowMode,
            page.Messages, page.HasMore);
    }

    public static ChatState StateOf(StreamStatus status) => status switch
    {
        StreamStatus.Scheduled => ChatState.NotOpenYet,
        StreamStatus.Live => ChatState.Open,
        _ => ChatState.ReadOnly,
    };
}
