using MediatR;
using Streaming.Application.Chat.Common;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Chat.Queries.GetChatHistory;

/// <summary>Older messages, fetched as the reader scrolls up: the page before message number <see cref="BeforeNumber"/>.</summary>
[Authorize(Policy = Policies.StreamAttendee)]
public sealed record GetChatHistoryQuery(Guid StreamId, long BeforeNumber) : IRequest<ChatPageDto>;

public class GetChatHistoryHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IRequestHandler<GetChatHistoryQuery, ChatPageDto>
{
    public async Task<ChatPageDto> Handle(GetChatHistoryQuery request, CancellationToken cancellationToken)
    {
        var chatter = await db.FindChatterAsync(currentUser, request.StreamId, cancellationToken);
        return await db.PageAsync(chatter.StreamId, chatter.InstructorId, request.BeforeNumber, cancellationToken);
    }
}
