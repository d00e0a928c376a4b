using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Domain.Viewing;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Live.Commands.JoinViewing;

/// <summary>A member (or the instructor) starts watching: live while the class is live, else the replay.</summary>
[Authorize(Policy = Policies.StreamAttendee)]
public sealed record JoinViewingCommand(Guid StreamId, ViewingMode Mode) : IRequest<Guid>;

public class JoinViewingHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<JoinViewingCommand, Guid>
{
    public async Task<Guid> Handle(JoinViewingCommand request, CancellationToken cancellationToken)
    {
        var viewer = await db.FindAllowedViewerAsync(currentUser, request.StreamId, cancellationToken);
        var now = clock.GetUtcNow();
        if (request.Mode == ViewingMode.Replay)
        {
            if (!viewer.IsInstructor && !viewer.Enrollment!.CanWatchReplay(now)) throw new DomainException("The replay of this class is not available.");
            return await AddSessionAsync(viewer, request.Mode, now, cancellationToken);
        }

        // Live: the class row is locked from the check to the peak, so a join racing "End stream"
        // either comes first (and its session is closed by the end) or finds the class ended.
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var stream = await db.FindStreamForUpdateAsync(request.StreamId, cancellationToken)
            ?? throw new NotFoundException(nameof(LiveStream), request.StreamId);
        if (!viewer.CanWatchLive(now)) throw new DomainException("This class is not live.");
        var sessionId = await AddSessionAsync(viewer, request.Mode, now, cancellationToken);
        await db.RaisePeakAsync(stream, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return sessionId;
    }

    private async Task<Guid> AddSessionAsync(LiveAccess.Viewer viewer, ViewingMode mode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = new ViewerSession(viewer.Stream.Id, viewer.UserId, mode, now);
        db.ViewerSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session.Id;
    }
}
