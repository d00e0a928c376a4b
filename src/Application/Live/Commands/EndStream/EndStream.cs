using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Common;

namespace Streaming.Application.Live.Commands.EndStream;

/// <summary>
/// The owning instructor ends the live class: the domain sets the replay expiry and the catalog
/// migration date, and every viewing session still open is closed.
/// </summary>
public sealed record EndStreamCommand(Guid StreamId) : IRequest<LiveStatusDto>;

public class EndStreamHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock, RetentionPolicy retention)
    : IRequestHandler<EndStreamCommand, LiveStatusDto>
{
    public async Task<LiveStatusDto> Handle(EndStreamCommand request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnStreamToBroadcastAsync(currentUser, request.StreamId, cancellationToken);
        var now = clock.GetUtcNow();
        stream.End(now, retention);

        var open = await db.ViewerSessions.Where(v => v.StreamId == stream.Id && v.LeftAt == null).ToListAsync(cancellationToken);
        foreach (var session in open) session.Leave(now);

        await db.SaveChangesAsync(cancellationToken);
        return LiveStatusDto.Of(stream);
    }
}
