using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Live.Commands.LeaveViewing;

/// <summary>The member closes the player or the page. Leaving twice is harmless.</summary>
[Authorize]
public sealed record LeaveViewingCommand(Guid StreamId, Guid SessionId) : IRequest<Unit>;

public class LeaveViewingHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<LeaveViewingCommand, Unit>
{
    public async Task<Unit> Handle(LeaveViewingCommand request, CancellationToken cancellationToken)
    {
        var session = await db.FindOwnSessionAsync(currentUser, request.StreamId, request.SessionId, cancellationToken);
        session.Leave(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
