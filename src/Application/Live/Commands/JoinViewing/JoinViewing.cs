using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Viewing;

namespace Streaming.Application.Live.Commands.JoinViewing;

/// <summary>A member (or the instructor) starts watching: live while the class is live, else the replay.</summary>
public sealed record JoinViewingCommand(Guid StreamId, ViewingMode Mode) : IRequest<Guid>;

public class JoinViewingHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<JoinViewingCommand, Guid>
{
    public async Task<Guid> Handle(JoinViewingCommand request, CancellationToken cancellationToken)
    {
        var viewer = await db.FindAllowedViewerAsync(currentUser, request.StreamId, cancellationToken);
        var now = clock.GetUtcNow();
        var allowed = request.Mode == ViewingMode.Live
            ? viewer.CanWatchLive(now)
            : viewer.IsInstructor || viewer.Enrollment!.CanWatchReplay(now);
        if (!allowed)
            throw new DomainException(request.Mode == ViewingMode.Live ? "This class is not live." : "The replay of this class is not available.");

        var session = new ViewerSession(request.StreamId, viewer.UserId, request.Mode, now);
        db.ViewerSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        if (request.Mode == ViewingMode.Live) await db.RecordPeakAsync(request.StreamId, now, cancellationToken);
        return session.Id;
    }
}
