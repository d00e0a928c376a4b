using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Domain.Viewing;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Live.Commands.HeartbeatViewing;

/// <summary>The player says "still watching" (every ~15 s). Only the session's own member may.</summary>
[Authorize]
public sealed record HeartbeatViewingCommand(Guid StreamId, Guid SessionId) : IRequest<Unit>;

public class HeartbeatViewingHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<HeartbeatViewingCommand, Unit>
{
    public async Task<Unit> Handle(HeartbeatViewingCommand request, CancellationToken cancellationToken)
    {
        var session = await db.FindOwnSessionAsync(currentUser, request.StreamId, request.SessionId, cancellationToken);
        var now = clock.GetUtcNow();
        session.Heartbeat(now);
        await db.SaveChangesAsync(cancellationToken);
        if (session.Mode == ViewingMode.Live) await db.RecordPeakAsync(request.StreamId, now, cancellationToken);
        return Unit.Value;
    }
}
