using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;
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
        // The class row is locked from the check to the peak: a join racing "End stream" either
        // comes first (and its session is closed by the end) or finds the class ended.
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var stream = await db.FindStreamForUpdateAsync(request.StreamId, cancellationToken)
            ?? throw new NotFoundException(nameof(LiveStream), request.StreamId);
        var now = clock.GetUtcNow();
        var allowed = request.Mode == ViewingMode.Live
            ? viewer.CanWatchLive(now)
            : viewer.IsInstructor || viewer.Enrollment!.CanWatchReplay(now);
        if (!allowed)
            throw new DomainException(request.Mode == ViewingMode.Live ? "This class is not live." : "The replay of this class is not available.");

        var session = new ViewerSession(stream.Id, viewer.UserId, request.Mode, now);
        db.ViewerSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        if (request.Mode == ViewingMode.Live) await db.RaisePeakAsync(stream, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return session.Id;
    }
}
